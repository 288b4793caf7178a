package ai.maily.mesh.analytics.synthetic;

import java.time.Instant;

/**
 * The size and seed of a synthetic engagement world ({@link SyntheticWorld}).
 *
 * @param contacts how many contacts
 * @param segments how many segments they fall into
 * @param weeks how many weeks of campaigns
 * @param heldOutWeeks how many of the last weeks the evaluation holds out
 * @param campaignsPerWeek campaigns sent each week
 * @param audienceShare the chance that a contact is in a campaign's audience
 * @param topics how many kinds of subject line there are (each with its own appeal)
 * @param embeddingDimensions the length of the subject embeddings
 * @param start the Monday 00:00 UTC the first week starts
 * @param seed the random seed: the same settings make the same world
 */
public record SyntheticSettings(
    int contacts,
    int segments,
    int weeks,
    int heldOutWeeks,
    int campaignsPerWeek,
    double audienceShare,
    int topics,
    int embeddingDimensions,
    Instant start,
    long seed) {

  /** The seed of the committed evaluation (docs/benchmarks/analytics-models.md). */
  public static final long SEED = 20_261_208L;

  /** The committed evaluation's world: 10,000 contacts, 4 segments, 10 weeks (2 held out). */
  public static final SyntheticSettings EVALUATION =
      new SyntheticSettings(
          10_000, 4, 10, 2, 5, 0.5, 8, 384, Instant.parse("2026-01-05T00:00:00Z"), SEED);

  public SyntheticSettings {
    if (contacts < 1
        || segments < 1
        || weeks < 2
        || heldOutWeeks < 1
        || heldOutWeeks >= weeks
        || campaignsPerWeek < 1
        || campaignsPerWeek > 7
        || !(audienceShare > 0 && audienceShare <= 1)
        || topics < 1
        || embeddingDimensions < 1) {
      throw new IllegalArgumentException("invalid synthetic settings");
    }
  }

  /** The same world at another size, keeping everything else. */
  public SyntheticSettings withSize(int contacts, int weeks, int embeddingDimensions) {
    return new SyntheticSettings(
        contacts,
        segments,
        weeks,
        heldOutWeeks,
        campaignsPerWeek,
        audienceShare,
        topics,
        embeddingDimensions,
        start,
        seed);
  }
}
