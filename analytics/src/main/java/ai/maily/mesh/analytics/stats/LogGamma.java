package ai.maily.mesh.analytics.stats;

/**
 * The natural logarithm of the gamma function, by the Lanczos approximation of Numerical Recipes
 * (3rd ed., §6.1: g = 671/128, 14 coefficients), accurate to about 1e-15 relative for x > 0.
 */
public final class LogGamma {

  private static final double[] COEFFICIENTS = {
    57.1562356658629235,
    -59.5979603554754912,
    14.1360979747417471,
    -0.491913816097620199,
    .339946499848118887e-4,
    .465236289270485756e-4,
    -.983744753048795646e-4,
    .158088703224912494e-3,
    -.210264441724104883e-3,
    .217439618115212643e-3,
    -.164318106536763890e-3,
    .844182239838527433e-4,
    -.261908384015814087e-4,
    .368991826595316234e-5
  };
  private static final double SQRT_TWO_PI = 2.5066282746310005;

  private LogGamma() {}

  /** ln Γ(x); requires x > 0. */
  public static double of(double x) {
    if (!(x > 0) || Double.isInfinite(x)) {
      throw new IllegalArgumentException("ln Γ(x) needs a finite x > 0, not " + x);
    }
    double y = x;
    double tmp = x + 5.24218750000000000;
    tmp = (x + 0.5) * Math.log(tmp) - tmp;
    double series = 0.999999999999997092;
    for (double c : COEFFICIENTS) {
      series += c / ++y;
    }
    return tmp + Math.log(SQRT_TWO_PI * series / x);
  }

  /** ln B(a, b) = ln Γ(a) + ln Γ(b) - ln Γ(a + b); requires a, b > 0. */
  public static double beta(double a, double b) {
    return of(a) + of(b) - of(a + b);
  }
}
