package ai.maily.mesh.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.analytics.anomaly.Anomaly;
import ai.maily.mesh.analytics.anomaly.AnomalyMonitor;
import ai.maily.mesh.analytics.anomaly.EwmaSettings;
import ai.maily.mesh.analytics.anomaly.EwmaState;
import ai.maily.mesh.analytics.paillier.EncryptedAmount;
import ai.maily.mesh.analytics.paillier.EncryptedAmounts;
import ai.maily.mesh.analytics.paillier.PaillierPublicKey;
import ai.maily.mesh.analytics.predict.BestHour;
import ai.maily.mesh.analytics.predict.CampaignForecast;
import ai.maily.mesh.analytics.predict.ContactEvent;
import ai.maily.mesh.analytics.predict.ContactHistory;
import ai.maily.mesh.analytics.predict.EngagementFeatures;
import ai.maily.mesh.analytics.predict.EngagementLearner;
import ai.maily.mesh.analytics.predict.EngagementModel;
import ai.maily.mesh.analytics.predict.EngagementPrediction;
import ai.maily.mesh.analytics.predict.FtrlSettings;
import ai.maily.mesh.analytics.predict.HistorySettings;
import ai.maily.mesh.analytics.predict.HourOfWeekCounts;
import ai.maily.mesh.analytics.rates.BucketCounts;
import ai.maily.mesh.analytics.rates.EngagementCounts;
import ai.maily.mesh.analytics.rates.RateMetric;
import ai.maily.mesh.analytics.readmodel.CampaignsChanged;
import ai.maily.mesh.analytics.recommend.Recommendation;
import ai.maily.mesh.analytics.stats.Estimate;
import ai.maily.mesh.core.CborSerializable;
import ai.maily.mesh.core.Json;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.SerializationTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every state and result the analytics models hand to a projection or an edge round-trips through
 * the CBOR serializer and the JSON mapping unchanged.
 */
class AnalyticsSerializationTest {

  private static final ActorTestKit testKit =
      ActorTestKit.create(
          ConfigFactory.parseString(
                  "pekko.actor.serialization-bindings {"
                      + " \"ai.maily.mesh.core.CborSerializable\" = jackson-cbor }")
              .withFallback(ConfigFactory.load()));
  private static final SerializationTestKit serialization =
      new SerializationTestKit(testKit.system());
  private static final Instant AT = Instant.parse("2026-03-03T19:15:00Z");

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  static Stream<CborSerializable> values() {
    EngagementLearner learner =
        new EngagementLearner(
            EngagementModel.create(EngagementFeatures.withEmbedding(3), FtrlSettings.DEFAULTS),
            HistorySettings.DEFAULTS);
    ContactHistory history = ContactHistory.empty(ZoneId.of("Europe/Paris"));
    history =
        learner
            .observe(history, new ContactEvent.Sent("c1", AT, new float[] {0.1f, 0.2f, 0.3f}), null)
            .history();
    history =
        learner.observe(history, new ContactEvent.Opened("c1", AT.plusSeconds(30)), null).history();
    history = learner.resolveDue(history, AT.plus(Duration.ofDays(4))).history();
    history =
        learner
            .observe(history, new ContactEvent.Sent("c2", AT.plus(Duration.ofDays(5)), null), null)
            .history();
    EngagementCounts counts = new EngagementCounts(100, 98, 40, 30, 12, 9, 2, 1, 0);
    AnomalyMonitor.State monitor =
        new AnomalyMonitor(EwmaSettings.DEFAULTS)
            .observe(AnomalyMonitor.State.EMPTY, AT, counts)
            .state();
    PaillierPublicKey key =
        new PaillierPublicKey(BigInteger.ONE.shiftLeft(2047).add(BigInteger.valueOf(0x2d)));
    EncryptedAmount amount = new EncryptedAmounts(key).encrypt(-4200, new SecureRandom());
    Estimate estimate = new Estimate(0.2, 0.15, 0.26, 0.9);
    return Stream.of(
        history,
        new CampaignsChanged("acme", Set.of("spring", "summer"), 42),
        history.hours(),
        HourOfWeekCounts.empty().with(43, true),
        learner.model().snapshot(),
        new EngagementPrediction(0.31, 0.04),
        new BestHour(43, "Tue 19:00", estimate, 12.5),
        new CampaignForecast(
            1000,
            CampaignForecast.SEGMENT_HISTORY,
            12,
            estimate.scaled(1000),
            estimate.scaled(100),
            estimate,
            estimate.scaled(0.1)),
        counts,
        new BucketCounts(AT, counts),
        new EwmaState(0.02, 1e-5, 4e-6, 12),
        monitor,
        new Anomaly(RateMetric.BOUNCE, AT, 0.08, 0.01, 9.5, 4000, true),
        new Recommendation(
            "bounce-rate-anomaly",
            Recommendation.Rule.ANOMALY,
            "tenant",
            "The bounce rate was 8%.",
            0.999,
            Map.of("z", 9.5)),
        key,
        amount,
        amount.ciphertext());
  }

  @ParameterizedTest
  @MethodSource("values")
  void roundTripsThroughCbor(CborSerializable value) {
    serialization.verifySerialization(value, true);
  }

  @ParameterizedTest
  @MethodSource("values")
  void roundTripsThroughJson(CborSerializable value) throws IOException {
    byte[] json = Json.bytes(value);
    assertThat(Json.MAPPER.readValue(json, value.getClass())).isEqualTo(value);
  }
}
