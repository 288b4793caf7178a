package ai.maily.mesh.analytics.predict;

import ai.maily.mesh.core.CborSerializable;

/**
 * The chance that a send is opened, and that it is clicked, within the attribution window.
 *
 * @param open P(opened)
 * @param click P(clicked)
 */
public record EngagementPrediction(double open, double click) implements CborSerializable {

  public EngagementPrediction {
    if (!(open >= 0 && open <= 1) || !(click >= 0 && click <= 1)) {
      throw new IllegalArgumentException("probabilities lie in [0, 1]: " + open + ", " + click);
    }
  }
}
