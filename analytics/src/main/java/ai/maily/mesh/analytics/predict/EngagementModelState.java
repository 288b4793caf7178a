package ai.maily.mesh.analytics.predict;

import ai.maily.mesh.core.CborSerializable;
import java.util.Objects;

/**
 * An {@link EngagementModel} as a plain value: its feature layout and its two regressions.
 *
 * @param features how feature vectors are made (and how long they are)
 * @param open the open model
 * @param click the click model
 */
public record EngagementModelState(EngagementFeatures features, FtrlState open, FtrlState click)
    implements CborSerializable {

  public EngagementModelState {
    Objects.requireNonNull(features, "features");
    if (open.z().length != features.size() || click.z().length != features.size()) {
      throw new IllegalArgumentException(
          "both models must read the " + features.size() + " features of the layout");
    }
  }
}
