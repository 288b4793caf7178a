package ai.maily.mesh.node;

/**
 * Gives the JVM's common fork-join pool at least two threads. Pekko's {@code CompletionStage}s run
 * every continuation ({@code thenApply}, {@code handle}, ...) asynchronously on the common pool,
 * and the JDK gives that pool one thread less than the CPUs it sees; with fewer than two,
 * CompletableFuture starts a new thread for each continuation instead. On a one- or two-CPU machine
 * or container the node would start hundreds of threads a second under load.
 */
final class CommonPool {

  private static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  private CommonPool() {}

  /**
   * Asks for two threads unless the operator chose a number ({@code -D} on the command line); takes
   * effect only before anything has used the common pool, so it runs first in the process.
   */
  static void atLeastTwoThreads() {
    if (System.getProperty(PARALLELISM) == null && Runtime.getRuntime().availableProcessors() < 3) {
      System.setProperty(PARALLELISM, "2");
    }
  }
}
