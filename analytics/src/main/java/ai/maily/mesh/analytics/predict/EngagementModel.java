package ai.maily.mesh.analytics.predict;

/**
 * The open and click models of one tenant: two {@link OnlineLogisticRegression}s over the same
 * {@link EngagementFeatures}. Mutable and not thread-safe; {@link #snapshot()} and {@link
 * #restore(EngagementModelState)} move it to and from a plain value.
 */
public final class EngagementModel {

  private final EngagementFeatures features;
  private final OnlineLogisticRegression open;
  private final OnlineLogisticRegression click;

  private EngagementModel(
      EngagementFeatures features, OnlineLogisticRegression open, OnlineLogisticRegression click) {
    this.features = features;
    this.open = open;
    this.click = click;
  }

  /** A model that knows nothing yet. */
  public static EngagementModel create(EngagementFeatures features, FtrlSettings settings) {
    return new EngagementModel(
        features,
        OnlineLogisticRegression.create(features.size(), settings),
        OnlineLogisticRegression.create(features.size(), settings));
  }

  /** The model a snapshot describes. */
  public static EngagementModel restore(EngagementModelState state) {
    return new EngagementModel(
        state.features(),
        OnlineLogisticRegression.restore(state.open()),
        OnlineLogisticRegression.restore(state.click()));
  }

  public EngagementFeatures features() {
    return features;
  }

  /** The predictions for a feature vector made by {@link #features()}. */
  public EngagementPrediction predict(float[] x) {
    return new EngagementPrediction(open.predict(x), click.predict(x));
  }

  /**
   * Learns from a resolved send, returning what it predicted for it before learning.
   *
   * @throws IllegalArgumentException if the send's features are not of this model's length
   */
  public EngagementPrediction learn(TrackedSend send) {
    float[] x = send.features();
    return new EngagementPrediction(open.learn(x, send.opened()), click.learn(x, send.clicked()));
  }

  /** The open model, to read its weights and loss. */
  public OnlineLogisticRegression openModel() {
    return open;
  }

  /** The click model, to read its weights and loss. */
  public OnlineLogisticRegression clickModel() {
    return click;
  }

  public EngagementModelState snapshot() {
    return new EngagementModelState(features, open.snapshot(), click.snapshot());
  }
}
