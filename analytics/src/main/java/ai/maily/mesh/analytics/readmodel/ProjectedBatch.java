package ai.maily.mesh.analytics.readmodel;

import java.util.Set;

/**
 * What one round of a {@link Projection} committed: for the runner, whether to go on at once; for
 * live views, which campaigns to read again.
 *
 * @param events how many events it applied; 0 when the read model was up to date
 * @param offset the store offset the read model has applied now
 * @param campaigns the campaigns whose counts the round changed
 */
public record ProjectedBatch(int events, long offset, Set<CampaignKey> campaigns) {
  public ProjectedBatch {
    campaigns = Set.copyOf(campaigns);
  }
}
