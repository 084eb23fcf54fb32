package io.hookstream.outbound;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Virtual threads where the JVM offers them. The code is compiled for Java 17, the floor, so the
 * Java 21 API is looked up at run time: on 21+ an executor starting a virtual thread per task, on
 * 17 nothing (callers keep platform threads).
 */
public final class VirtualThreads {
  private static final MethodHandle PER_TASK = lookup();

  private VirtualThreads() {}

  /** Whether this JVM has virtual threads. */
  public static boolean available() {
    return PER_TASK != null;
  }

  /** A new executor with one virtual thread per task, when the JVM has them. */
  public static Optional<ExecutorService> executor() {
    if (PER_TASK == null) {
      return Optional.empty();
    }
    try {
      return Optional.of((ExecutorService) PER_TASK.invoke());
    } catch (Throwable e) {
      throw new IllegalStateException("virtual threads failed to start", e);
    }
  }

  private static MethodHandle lookup() {
    try {
      return MethodHandles.publicLookup().findStatic(Executors.class,
          "newVirtualThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return null;
    }
  }
}
