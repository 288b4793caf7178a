package ai.maily.mesh.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time of the machine, this JVM and the local PostgreSQL server, read from Linux's {@code
 * /proc}; two readings give the cores each used in between, and what other processes took from a
 * benchmark.
 *
 * @param nanos when the reading was taken ({@link System#nanoTime()})
 * @param busyTicks CPU time of the whole machine, idle, I/O wait and steal excluded
 * @param jvmTicks CPU time of this process
 * @param postgresTicks CPU time of every process named {@code postgres}
 * @param jitMillis time this JVM's JIT compiler threads have spent compiling, summed over them
 */
record CpuUsage(long nanos, long busyTicks, long jvmTicks, long postgresTicks, long jitMillis) {

  /** Linux reports CPU time in clock ticks of 1/100 s (USER_HZ) on every common platform. */
  private static final double TICKS_PER_SECOND = 100;

  /**
   * Cores used, on average, between two readings; {@code jit} is the part of {@code jvm} that
   * compiled code.
   */
  record Cores(double jvm, double jit, double postgres, double others) {

    @Override
    public String toString() {
      return MarkdownTable.number(jvm, 2)
          + " (JIT "
          + MarkdownTable.number(jit, 2)
          + ") / "
          + MarkdownTable.number(postgres, 2)
          + " / "
          + MarkdownTable.number(others, 2);
    }
  }

  /** More than this, used by other processes during a measurement, makes its figures suspect. */
  private static final double QUIET_MACHINE_OTHER_CORES = 0.15;

  static CpuUsage read() {
    try {
      String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy = 0;
      // user, nice, system, irq, softirq: not idle (4), I/O wait (5) or time stolen by a hypervisor
      // (8)
      for (int i = 1; i < cpu.length && i <= 7; i++) {
        if (i != 4 && i != 5) {
          busy += Long.parseLong(cpu[i]);
        }
      }
      long postgres = 0;
      try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
        for (Path process : processes) {
          postgres += ticksIfNamed(process.resolve("stat"), "postgres");
        }
      }
      return new CpuUsage(
          System.nanoTime(),
          busy,
          ticksIfNamed(Path.of("/proc/self/stat"), null),
          postgres,
          ManagementFactory.getCompilationMXBean().getTotalCompilationTime());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read CPU times from /proc: " + e.getMessage(), e);
    }
  }

  /** User plus system ticks of a process, if its command is {@code name} (any name if null). */
  private static long ticksIfNamed(Path stat, String name) {
    String line;
    try {
      line = Files.readString(stat);
    } catch (IOException e) {
      return 0; // the process ended between listing and reading
    }
    int open = line.indexOf('(');
    int close = line.lastIndexOf(')');
    if (name != null && !line.substring(open + 1, close).equals(name)) {
      return 0;
    }
    // After the command: state is field 3; utime and stime are fields 14 and 15.
    String[] fields = line.substring(close + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  /** Cores used by this JVM, PostgreSQL and everything else since {@code before}. */
  Cores since(CpuUsage before) {
    double elapsedSeconds = (nanos - before.nanos) / 1e9;
    double elapsedTicks = elapsedSeconds * TICKS_PER_SECOND;
    double jvm = (jvmTicks - before.jvmTicks) / elapsedTicks;
    double postgres = (postgresTicks - before.postgresTicks) / elapsedTicks;
    double busy = (busyTicks - before.busyTicks) / elapsedTicks;
    double jit = (jitMillis - before.jitMillis) / 1e3 / elapsedSeconds;
    return new Cores(jvm, jit, postgres, Math.max(0, busy - jvm - postgres));
  }

  /** A warning paragraph if other processes took CPU during any of the measurements; else empty. */
  static String disturbance(List<Cores> measurements) {
    double busiest = measurements.stream().mapToDouble(Cores::others).max().orElse(0);
    if (busiest <= QUIET_MACHINE_OTHER_CORES) {
      return "";
    }
    return "\n**Warning: other processes used up to "
        + MarkdownTable.number(busiest, 2)
        + " cores during a measurement; the machine was not quiet, so these figures are low.**\n";
  }
}
