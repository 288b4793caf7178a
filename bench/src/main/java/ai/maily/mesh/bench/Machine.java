package ai.maily.mesh.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ForkJoinPool;

/** The machine a benchmark ran on, in the words a results document needs. */
final class Machine {

  private Machine() {}

  /** Cores, memory, OS and JDK as Markdown bullet points. */
  static String describe() {
    return "- cores (nproc): "
        + Runtime.getRuntime().availableProcessors()
        + "\n- memory: "
        + totalMemory()
        + "\n- OS: "
        + System.getProperty("os.name")
        + " "
        + System.getProperty("os.version")
        + " ("
        + System.getProperty("os.arch")
        + ")\n- JDK: "
        + System.getProperty("java.vm.name")
        + " "
        + System.getProperty("java.runtime.version")
        + ", max heap "
        + Runtime.getRuntime().maxMemory() / (1024 * 1024)
        + " MiB, common-pool parallelism "
        + ForkJoinPool.getCommonPoolParallelism()
        + (ForkJoinPool.getCommonPoolParallelism() < 2
            ? " (CompletableFuture's async callbacks each start a new thread)"
            : "")
        + "\n";
  }

  private static String totalMemory() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          long kib = Long.parseLong(line.replaceAll("\\D", ""));
          return String.format(Locale.ROOT, "%.1f GiB", kib / (1024.0 * 1024.0));
        }
      }
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
    return "unknown (no MemTotal in /proc/meminfo)";
  }
}
