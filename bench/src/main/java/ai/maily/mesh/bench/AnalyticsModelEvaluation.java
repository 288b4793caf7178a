package ai.maily.mesh.bench;

import ai.maily.mesh.analytics.anomaly.Anomaly;
import ai.maily.mesh.analytics.recommend.Recommendation;
import ai.maily.mesh.analytics.synthetic.EvaluationReport;
import ai.maily.mesh.analytics.synthetic.EvaluationReport.ForecastCheck;
import ai.maily.mesh.analytics.synthetic.EvaluationReport.Scorer;
import ai.maily.mesh.analytics.synthetic.EvaluationReport.SegmentHour;
import ai.maily.mesh.analytics.synthetic.EvaluationReport.SendHourMethod;
import ai.maily.mesh.analytics.synthetic.ModelEvaluation;
import ai.maily.mesh.analytics.synthetic.SyntheticDataset;
import ai.maily.mesh.analytics.synthetic.SyntheticSettings;
import ai.maily.mesh.analytics.synthetic.SyntheticWorld;
import ai.maily.mesh.core.evaluation.Calibration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Evaluates the analytics models on a synthetic world with known truth ({@link SyntheticWorld},
 * seed committed in {@link SyntheticSettings#SEED}) and prints the report as Markdown: ROC AUC and
 * calibration of the open and click probabilities on the held-out weeks, send-hour accuracy,
 * forecast interval coverage, and the anomalies and advice on the period.
 *
 * <p>Run from the repository root (see docs/benchmarks/analytics-models.md):
 *
 * <pre>
 * mvn -B -q -o -pl bench -am -DskipTests package
 * java -cp bench/target/classes:mesh-node/target/maily-mesh.jar \
 *   ai.maily.mesh.bench.AnalyticsModelEvaluation --contacts 10000 --weeks 10 --dimensions 384
 * </pre>
 */
public final class AnalyticsModelEvaluation {

  private AnalyticsModelEvaluation() {}

  /** Generates, evaluates, prints; see the class comment. */
  public static void main(String[] args) {
    BenchArgs options = BenchArgs.parse(args, Set.of("contacts", "weeks", "dimensions", "seed"));
    SyntheticSettings base =
        SyntheticSettings.EVALUATION.withSize(
            options.integer("contacts", SyntheticSettings.EVALUATION.contacts()),
            options.integer("weeks", SyntheticSettings.EVALUATION.weeks()),
            options.integer("dimensions", SyntheticSettings.EVALUATION.embeddingDimensions()));
    long seed = Long.parseLong(options.text("seed", Long.toString(SyntheticSettings.SEED)));
    SyntheticSettings settings =
        new SyntheticSettings(
            base.contacts(),
            base.segments(),
            base.weeks(),
            base.heldOutWeeks(),
            base.campaignsPerWeek(),
            base.audienceShare(),
            base.topics(),
            base.embeddingDimensions(),
            base.start(),
            seed);

    System.out.println("# Analytics models on synthetic data\n");
    System.out.println("Run at " + Instant.now() + "\n");
    System.out.println(Machine.describe());
    long started = System.nanoTime();
    SyntheticDataset data = SyntheticWorld.generate(settings);
    EvaluationReport report = ModelEvaluation.run(data, ModelEvaluation.Settings.DEFAULTS);
    double seconds = (System.nanoTime() - started) / 1e9;

    System.out.printf(
        "World: %,d contacts in %d segments, %d weeks (the last %d held out), %d campaigns a week"
            + " to %.0f%% of contacts, %d subject topics, %d-dimensional subject embeddings,"
            + " seed %d.%n%n",
        settings.contacts(),
        settings.segments(),
        settings.weeks(),
        settings.heldOutWeeks(),
        settings.campaignsPerWeek(),
        100 * settings.audienceShare(),
        settings.topics(),
        settings.embeddingDimensions(),
        settings.seed());
    System.out.printf(
        "Replayed %,d events in %.1f s (generation included); the models learned from %,d"
            + " resolved sends before the split; %,d sends were held out.%n%n",
        report.events(), seconds, report.trainingExamples(), report.heldOutSends());

    System.out.println("## Open probability on the held-out sends\n");
    System.out.println(scorers(report.open()));
    System.out.println("## Click probability on the held-out sends\n");
    System.out.println(scorers(report.click()));
    System.out.println("## Reliability of the open model (" + ModelEvaluation.MODEL + ")\n");
    System.out.println(reliability(report.openScorer(ModelEvaluation.MODEL).calibration()));
    System.out.println("## Reliability of the click model (" + ModelEvaluation.MODEL + ")\n");
    System.out.println(reliability(report.clickScorer(ModelEvaluation.MODEL).calibration()));
    System.out.println("## Send hours against each contact's preferred hour\n");
    System.out.println(sendHours(report.sendHours()));
    System.out.println("## Segments' best hours\n");
    System.out.println(segmentHours(report.segmentHours()));
    System.out.println("## Forecast intervals on the held-out campaigns, per segment\n");
    System.out.println(forecasts(report.forecasts()));
    System.out.println("## Anomalies in the tenant's daily rates\n");
    System.out.println(
        "Injected bounce incident on "
            + report.incidentDay()
            + ": "
            + (report.incidentFound() ? "found" : "NOT found")
            + ".\n");
    System.out.println(anomalies(report.anomalies()));
    System.out.println("## Advice on the held-out weeks\n");
    System.out.println(advice(report.recommendations()));
  }

  private static MarkdownTable scorers(List<Scorer> scorers) {
    MarkdownTable table = new MarkdownTable("scorer", "ROC AUC", "Brier", "log loss", "ECE");
    for (Scorer s : scorers) {
      Calibration c = s.calibration();
      table.row(
          s.name(),
          MarkdownTable.number(s.auc(), 4),
          MarkdownTable.number(c.brier(), 4),
          MarkdownTable.number(c.logLoss(), 4),
          MarkdownTable.number(c.expectedCalibrationError(), 4));
    }
    return table;
  }

  private static MarkdownTable reliability(Calibration calibration) {
    MarkdownTable table =
        new MarkdownTable("predicted", "sends", "mean predicted", "observed rate");
    for (Calibration.Bin bin : calibration.bins()) {
      if (bin.count() > 0) {
        table.row(
            MarkdownTable.number(bin.from(), 1) + "–" + MarkdownTable.number(bin.to(), 1),
            bin.count(),
            MarkdownTable.number(bin.meanPredicted(), 3),
            MarkdownTable.number(bin.observedRate(), 3));
      }
    }
    return table;
  }

  private static MarkdownTable sendHours(List<SendHourMethod> methods) {
    MarkdownTable table =
        new MarkdownTable(
            "method", "contacts", "mean true affinity", "exact", "within ±1 h", "within ±3 h");
    for (SendHourMethod m : methods) {
      table.row(
          m.name(),
          m.contacts(),
          MarkdownTable.number(m.meanAffinity(), 3),
          MarkdownTable.number(m.exact(), 3),
          MarkdownTable.number(m.withinOne(), 3),
          MarkdownTable.number(m.withinThree(), 3));
    }
    return table;
  }

  private static MarkdownTable segmentHours(List<SegmentHour> segments) {
    MarkdownTable table =
        new MarkdownTable(
            "segment", "true best hour", "estimated", "hours apart", "open rate there (90%)");
    for (SegmentHour s : segments) {
      table.row(
          s.segment(),
          s.trueBest(),
          s.estimated(),
          s.distance(),
          MarkdownTable.number(s.rate(), 3)
              + " ["
              + MarkdownTable.number(s.rateLow(), 3)
              + ", "
              + MarkdownTable.number(s.rateHigh(), 3)
              + "]");
    }
    return table;
  }

  private static MarkdownTable forecasts(List<ForecastCheck> checks) {
    MarkdownTable table =
        new MarkdownTable(
            "basis",
            "count",
            "forecasts",
            "coverage",
            "level",
            "mean |error| / actual",
            "mean width / actual");
    for (ForecastCheck c : checks) {
      table.row(
          c.basis(),
          c.metric(),
          c.forecasts(),
          MarkdownTable.number(c.coverage(), 3),
          MarkdownTable.number(c.level(), 2),
          MarkdownTable.number(c.meanAbsolutePercentError(), 3),
          MarkdownTable.number(c.meanRelativeWidth(), 3));
    }
    return table;
  }

  private static MarkdownTable anomalies(List<Anomaly> anomalies) {
    MarkdownTable table =
        new MarkdownTable("day", "rate", "observed", "expected", "z", "trials", "bad");
    for (Anomaly a : anomalies) {
      table.row(
          a.bucketStart().toString().substring(0, 10),
          a.metric().code(),
          MarkdownTable.number(a.observed(), 4),
          MarkdownTable.number(a.expected(), 4),
          MarkdownTable.number(a.z(), 1),
          a.trials(),
          a.bad() ? "yes" : "no");
    }
    return table;
  }

  private static MarkdownTable advice(List<Recommendation> recommendations) {
    MarkdownTable table = new MarkdownTable("rule", "code", "subject", "confidence", "advice");
    for (Recommendation r : recommendations) {
      table.row(
          r.rule(),
          r.code(),
          r.subject(),
          MarkdownTable.number(r.confidence(), 4),
          r.message().replace("|", "\\|"));
    }
    return table;
  }
}
