package io.hookstream.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class VirtualThreadsTest {
  private static final boolean JAVA_21 = Runtime.version().feature() >= 21;

  @Test
  void availableExactlyWhereTheJvmHasThem() {
    assertThat(VirtualThreads.available()).isEqualTo(JAVA_21);
    assertThat(VirtualThreads.executor().isPresent()).isEqualTo(JAVA_21);
  }

  @Test
  void tasksRunOnVirtualThreadsWhereAvailable() throws Exception {
    var executor = VirtualThreads.executor();
    if (executor.isEmpty()) {
      assertThat(JAVA_21).isFalse();
      assertThat(HttpClients.create(4, new io.hookstream.targets.TargetPolicy(true), true)
          .dispatcher().executorService().submit(Thread::currentThread).get())
          .matches(t -> t.getName().startsWith("OkHttp Dispatcher"), "OkHttp's own pool");
      return;
    }
    ExecutorService e = executor.get();
    Thread ran = e.submit(Thread::currentThread).get(10, TimeUnit.SECONDS);
    assertThat(Thread.class.getMethod("isVirtual").invoke(ran)).isEqualTo(true);
    e.shutdown();
  }
}
