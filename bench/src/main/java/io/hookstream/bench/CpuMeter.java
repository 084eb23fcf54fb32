package io.hookstream.bench;

import java.time.Duration;

/** CPU time used by this JVM (receiver, publisher, baseline client) and by Hookstream's process. */
final class CpuMeter {
  private final long childPid;
  private final long benchStart;
  private final long childStart;

  record Usage(long benchMillis, long childMillis) {}

  CpuMeter(long childPid) {
    this.childPid = childPid;
    this.benchStart = cpu(ProcessHandle.current());
    this.childStart = cpu(ProcessHandle.of(childPid).orElseThrow());
  }

  Usage stop() {
    return new Usage(cpu(ProcessHandle.current()) - benchStart,
        cpu(ProcessHandle.of(childPid).orElseThrow()) - childStart);
  }

  private static long cpu(ProcessHandle process) {
    return process.info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
  }
}
