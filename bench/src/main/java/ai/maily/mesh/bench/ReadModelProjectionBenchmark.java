package ai.maily.mesh.bench;

import ai.maily.mesh.analytics.event.Channel;
import ai.maily.mesh.analytics.event.EngagementEvent;
import ai.maily.mesh.analytics.event.EngagementType;
import ai.maily.mesh.analytics.readmodel.EngagementReadModel;
import ai.maily.mesh.analytics.store.EngagementStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * How many engagement events a second the read model's projection commits ({@link
 * EngagementReadModel#project} in a loop, as {@code ProjectionRunner} runs it), from a store filled
 * beforehand with events of a campaign's shape: sends, deliveries and bounces, opens (some twice),
 * clicks, unsubscribes and complaints, in segments or none, and web visits outside campaigns. Every
 * campaign's counts are then checked against a naive count of the events generated.
 *
 * <pre>
 * java -cp bench/target/classes:mesh-node/target/maily-mesh.jar \
 *   ai.maily.mesh.bench.ReadModelProjectionBenchmark --db h2 --events 200000 --batch 500
 * </pre>
 */
public final class ReadModelProjectionBenchmark {

  private static final Set<String> OPTIONS = Set.of("db", "events", "batch", "seed");
  private static final int TENANTS = 4;
  private static final int CAMPAIGNS_PER_TENANT = 12;
  private static final int CONTACTS_PER_TENANT = 20_000;
  private static final int SEGMENTS = 6;
  private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
  private static final int WRITE_CHUNK = 1000;

  private ReadModelProjectionBenchmark() {}

  public static void main(String[] args) throws Exception {
    BenchArgs options = BenchArgs.parse(args, OPTIONS);
    BenchDatabase.Engine engine = BenchDatabase.Engine.named(options.text("db", "h2"));
    int total = options.integer("events", 200_000);
    int batch = options.integer("batch", 500);
    Random random = new Random(options.integer("seed", 19));
    CampaignCountsReference reference = new CampaignCountsReference();
    List<EngagementEvent> events = generate(total, random, reference);
    try (BenchDatabase database =
            engine == BenchDatabase.Engine.H2
                ? BenchDatabase.freshH2()
                : BenchDatabase.scratchPostgres();
        EngagementStore store = EngagementStore.open(database.database(), 2);
        EngagementReadModel readModel = EngagementReadModel.open(database.database(), 2)) {
      StringBuilder report = new StringBuilder();
      report.append("## Read-model projection on ").append(database.engine()).append("\n\n");
      report.append(Machine.describe()).append(database.describe());
      long filling = System.nanoTime();
      for (int from = 0; from < events.size(); from += WRITE_CHUNK) {
        store.write(events.subList(from, Math.min(events.size(), from + WRITE_CHUNK)));
      }
      report.append(
          String.format(
              Locale.ROOT,
              "- store filled with %,d events (%d tenants, %d campaigns, %d segments) in %.1f s%n",
              events.size(),
              TENANTS,
              TENANTS * CAMPAIGNS_PER_TENANT,
              SEGMENTS,
              (System.nanoTime() - filling) / 1e9));
      long started = System.nanoTime();
      long applied = 0;
      int rounds = 0;
      int round;
      while ((round = readModel.project(store, batch).events()) > 0) {
        applied += round;
        rounds++;
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      String check = reference.check(readModel);
      MarkdownTable table =
          new MarkdownTable("events", "batch", "transactions", "seconds", "events/s", "check");
      table.row(
          String.format(Locale.ROOT, "%,d", applied),
          Integer.toString(batch),
          Integer.toString(rounds),
          String.format(Locale.ROOT, "%.1f", seconds),
          String.format(Locale.ROOT, "%,.0f", applied / seconds),
          check);
      report.append("\n").append(table);
      System.out.println(report);
      if (!check.equals("exact") || applied != events.size()) {
        System.exit(1);
      }
    }
  }

  /** Events of {@code total} or a few more, in the order a busy tenant's day would store them. */
  private static List<EngagementEvent> generate(
      int total, Random random, CampaignCountsReference reference) {
    List<EngagementEvent> events = new ArrayList<>(total + 16);
    while (events.size() < total) {
      String tenant = "tenant-" + random.nextInt(TENANTS);
      int c = random.nextInt(CAMPAIGNS_PER_TENANT);
      String contact = "contact-" + random.nextInt(CONTACTS_PER_TENANT);
      int s = random.nextInt(SEGMENTS + 2);
      String attributes =
          s < SEGMENTS ? "{\"segment\": \"segment-" + s + "\"}" : "{\"userAgent\": \"Mail/16\"}";
      Instant sent =
          START.plus(Duration.ofHours(12L * c)).plus(Duration.ofMinutes(random.nextInt(6 * 60)));
      List<EngagementEvent> send = new ArrayList<>();
      BiConsumer<EngagementType, Instant> emit =
          (type, at) ->
              send.add(
                  new EngagementEvent(
                      "e" + (events.size() + send.size() + 1),
                      tenant,
                      contact,
                      type == EngagementType.VISIT ? null : "campaign-" + c,
                      type == EngagementType.VISIT ? Channel.WEB : Channel.EMAIL,
                      type,
                      at,
                      type == EngagementType.VISIT ? "{}" : attributes));
      emit.accept(EngagementType.SENT, sent);
      if (random.nextDouble() < 0.03) {
        emit.accept(EngagementType.BOUNCE, sent);
      } else {
        emit.accept(EngagementType.DELIVERED, sent.plusSeconds(5));
        Instant later = sent.plus(Duration.ofMinutes(5 + random.nextInt(48 * 60)));
        if (random.nextDouble() < 0.3) {
          int opens = 1 + random.nextInt(3);
          for (int i = 0; i < opens; i++) {
            emit.accept(EngagementType.OPEN, later.plusSeconds(600L * i));
          }
          if (random.nextDouble() < 0.2) {
            emit.accept(EngagementType.CLICK, later.plusSeconds(30));
          }
        }
        if (random.nextDouble() < 0.004) {
          emit.accept(EngagementType.UNSUBSCRIBE, later.plusSeconds(60));
        }
        if (random.nextDouble() < 0.001) {
          emit.accept(EngagementType.COMPLAINT, later.plusSeconds(90));
        }
      }
      if (random.nextDouble() < 0.05) {
        emit.accept(EngagementType.VISIT, sent.plus(Duration.ofHours(1)));
      }
      send.forEach(reference::count);
      events.addAll(send);
    }
    return events;
  }
}
