package ai.maily.mesh.canvas;

/**
 * How a canvas shows one of its layers.
 *
 * @param visible whether it is shown
 * @param opacity from 0 (transparent) to 1 (opaque)
 */
public record Layer(boolean visible, double opacity) {

  public static final Layer SHOWN = new Layer(true, 1.0);

  /** This layer with every setting that differs between {@code from} and {@code to} as in to. */
  Layer rebased(Layer from, Layer to) {
    return new Layer(
        from.visible == to.visible ? visible : to.visible,
        from.opacity == to.opacity ? opacity : to.opacity);
  }

  /** Whether every setting that differs between {@code from} and {@code to} is here as in from. */
  boolean matchesWhereChanged(Layer from, Layer to) {
    return (from.visible == to.visible || visible == from.visible)
        && (from.opacity == to.opacity || opacity == from.opacity);
  }
}
