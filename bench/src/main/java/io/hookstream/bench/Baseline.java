package io.hookstream.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The comparison: a bare OkHttp client POSTing the same bodies to the same receiver paths with
 * the same concurrency, no Kafka, no signing, no records.
 */
final class Baseline {
  private Baseline() {}

  static void run(List<String> urls, byte[] body, int total, int concurrency)
      throws InterruptedException {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(concurrency);
    dispatcher.setMaxRequestsPerHost(concurrency);
    OkHttpClient client = new OkHttpClient.Builder().dispatcher(dispatcher)
        .connectionPool(new ConnectionPool(Math.min(concurrency, 1024), 5, TimeUnit.MINUTES))
        .callTimeout(Duration.ofSeconds(30)).build();
    Semaphore slots = new Semaphore(concurrency);
    CountDownLatch done = new CountDownLatch(total);
    MediaType json = MediaType.get("application/json");
    for (int i = 0; i < total; i++) {
      slots.acquire();
      Request request = new Request.Builder().url(urls.get(i % urls.size()))
          .header("webhook-id", "baseline_" + i)
          .post(RequestBody.create(body, json)).build();
      client.newCall(request).enqueue(new Callback() {
        @Override
        public void onResponse(Call call, Response response) {
          response.close();
          slots.release();
          done.countDown();
        }

        @Override
        public void onFailure(Call call, IOException e) {
          slots.release();
          done.countDown();
        }
      });
    }
    done.await(10, TimeUnit.MINUTES);
    dispatcher.executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
