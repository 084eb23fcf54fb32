package io.hookstream.dispatch;

import io.hookstream.model.SubscriptionId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Per-endpoint concurrency: at most {@code limit} requests in flight to one subscription, a
 * bounded line of deliveries waiting behind them, and a clear "full" beyond that. A slow endpoint
 * fills only its own lane; everyone else's deliveries pass it. The limit may change between calls
 * (it adapts to the endpoint's health): a release starts as many waiting deliveries as it allows.
 * Starting is never re-entrant, so a line of deliveries that end at once cannot nest calls.
 */
final class EndpointGate {
  enum Admission { STARTED, QUEUED, FULL }

  private final ConcurrentHashMap<SubscriptionId, Lane> lanes = new ConcurrentHashMap<>();
  private final int maxQueued;
  private final Consumer<Work> starter;
  private final ThreadLocal<ArrayDeque<Work>> starting = new ThreadLocal<>();

  /** {@code starter} runs each admitted work when its slot is free, on the admitting thread. */
  EndpointGate(int maxQueued, Consumer<Work> starter) {
    this.maxQueued = maxQueued;
    this.starter = starter;
  }

  private static final class Lane {
    int inFlight;
    boolean retired;
    final ArrayDeque<Work> waiting = new ArrayDeque<>();
  }

  Admission admit(SubscriptionId endpoint, int limit, Work work) {
    while (true) {
      Lane lane = lanes.computeIfAbsent(endpoint, k -> new Lane());
      synchronized (lane) {
        if (lane.retired) {
          continue;
        }
        if (lane.inFlight >= limit) {
          if (lane.waiting.size() >= maxQueued) {
            return Admission.FULL;
          }
          lane.waiting.add(work);
          return Admission.QUEUED;
        }
        lane.inFlight++;
      }
      start(List.of(work));
      return Admission.STARTED;
    }
  }

  /**
   * Frees a slot of {@code endpoint}; waiting works take the slots the current {@code limit}
   * allows (none when it has shrunk below what is in flight).
   */
  void release(SubscriptionId endpoint, int limit) {
    Lane lane = lanes.get(endpoint);
    if (lane == null) {
      return;
    }
    List<Work> next = new ArrayList<>(1);
    synchronized (lane) {
      lane.inFlight--;
      while (lane.inFlight < Math.max(1, limit) && !lane.waiting.isEmpty()) {
        next.add(lane.waiting.poll());
        lane.inFlight++;
      }
      if (lane.inFlight <= 0) {
        lane.retired = true;
        lanes.remove(endpoint, lane);
      }
    }
    start(next);
  }

  /** Runs works; a call from within a starter queues them for the outermost call to run. */
  private void start(List<Work> works) {
    if (works.isEmpty()) {
      return;
    }
    ArrayDeque<Work> queue = starting.get();
    if (queue != null) {
      queue.addAll(works);
      return;
    }
    queue = new ArrayDeque<>(works);
    starting.set(queue);
    try {
      while (!queue.isEmpty()) {
        starter.accept(queue.poll());
      }
    } finally {
      starting.remove();
    }
  }

  /** Requests in flight to {@code endpoint} now. */
  int inFlight(SubscriptionId endpoint) {
    Lane lane = lanes.get(endpoint);
    if (lane == null) {
      return 0;
    }
    synchronized (lane) {
      return lane.inFlight;
    }
  }

  /** Endpoints with a lane now (requests in flight or waiting). */
  int lanes() {
    return lanes.size();
  }

  /** Removes and returns the waiting (not started) works that match. */
  List<Work> purge(Predicate<Work> which) {
    List<Work> removed = new ArrayList<>();
    for (Lane lane : lanes.values()) {
      synchronized (lane) {
        Iterator<Work> it = lane.waiting.iterator();
        while (it.hasNext()) {
          Work w = it.next();
          if (which.test(w)) {
            it.remove();
            removed.add(w);
          }
        }
      }
    }
    return removed;
  }

  int inFlight() {
    int sum = 0;
    for (Lane lane : lanes.values()) {
      synchronized (lane) {
        sum += lane.inFlight;
      }
    }
    return sum;
  }
}
