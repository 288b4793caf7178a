package ai.maily.mesh.analytics.bus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The embedded node's bus: the topology's queues in the node's memory, routed and settled as
 * RabbitMQ would (topic bindings, prefetch, retry delays, a dead-letter queue per inbox, redelivery
 * of what a consumer left unsettled). "Held by the bus" means held in this process: a node that
 * stops loses what its queues hold, which is why a node that must lose nothing names a broker.
 */
public final class LocalEventBus implements EventBus {

  private final ActorSystem<?> system;
  private final BusTopology topology;
  private final BusCounters counters = new BusCounters();
  private final Map<String, LocalQueue> queues = new HashMap<>();
  private final AtomicLong sequence = new AtomicLong();

  /**
   * A bus with the queues of {@code topology}, each holding at most {@code capacity} messages;
   * {@code system} schedules the retries.
   */
  public LocalEventBus(ActorSystem<?> system, BusTopology topology, int capacity) {
    this.system = system;
    this.topology = topology;
    for (Inbox inbox : topology.inboxes()) {
      queues.put(inbox.queue(), new LocalQueue(inbox, capacity));
      queues.put(inbox.deadLetterQueue(), new LocalQueue(inbox.deadLetters(), capacity));
    }
  }

  @Override
  public BusTopology topology() {
    return topology;
  }

  @Override
  public CompletionStage<Done> publish(Outgoing message) {
    List<LocalQueue> targets = new ArrayList<>();
    if (message.exchange().isEmpty()) {
      Optional.ofNullable(queues.get(message.routingKey())).ifPresent(targets::add);
    } else {
      for (Inbox inbox : topology.inboxes()) {
        if (inbox.exchange().equals(message.exchange())
            && inbox.bindingKeys().stream()
                .anyMatch(key -> TopicPattern.matches(key, message.routingKey()))) {
          targets.add(queues.get(inbox.queue()));
        }
      }
    }
    for (LocalQueue queue : targets) {
      if (!queue.offer(new Message(message, message.routingKey(), 0, message.headers()))) {
        return CompletableFuture.failedFuture(
            new IllegalStateException(
                "the in-process queue " + queue.inbox.queue() + " is full; retry later"));
      }
    }
    counters.published();
    return CompletableFuture.completedFuture(Done.getInstance());
  }

  @Override
  public Source<Delivery, NotUsed> consume(Inbox inbox, int prefetch) {
    LocalQueue queue = queues.get(inbox.queue());
    if (queue == null) {
      return Source.failed(new IllegalArgumentException("no queue " + inbox.queue()));
    }
    return Source.<Delivery>queue(prefetch)
        .mapMaterializedValue(deliveries -> queue.attach(deliveries, prefetch))
        .watchTermination(
            (consumer, done) -> {
              done.whenComplete((ignored, failure) -> queue.detach(consumer));
              return NotUsed.getInstance();
            });
  }

  @Override
  public BusStatus status() {
    return new BusStatus("in-process", null, true, null, counters.snapshot());
  }

  /** Nothing to close: the queues go with the node. */
  @Override
  public void close() {}

  /** A message in a queue, with what retries have added to it. */
  private record Message(
      Outgoing outgoing, String routingKey, int retries, Map<String, String> headers) {}

  /** One queue: messages ready, and the consumers they are handed to. */
  private final class LocalQueue {

    private final Inbox inbox;
    private final int capacity;
    private final Deque<LocalDelivery> ready = new ArrayDeque<>();
    private final List<Consumer> consumers = new ArrayList<>();

    LocalQueue(Inbox inbox, int capacity) {
      this.inbox = inbox;
      this.capacity = capacity;
    }

    synchronized boolean offer(Message message) {
      if (ready.size() >= capacity) {
        return false;
      }
      ready.addLast(new LocalDelivery(this, message, sequence.incrementAndGet(), false));
      pump();
      return true;
    }

    synchronized Consumer attach(BoundedSourceQueue<Delivery> deliveries, int prefetch) {
      Consumer consumer = new Consumer(deliveries, prefetch);
      consumers.add(consumer);
      pump();
      return consumer;
    }

    /** The consumer's unsettled deliveries go back to the front, in their order, marked again. */
    synchronized void detach(Consumer consumer) {
      consumers.remove(consumer);
      List<LocalDelivery> unsettled = new ArrayList<>(consumer.unsettled);
      unsettled.sort(Comparator.comparingLong((LocalDelivery d) -> d.order).reversed());
      for (LocalDelivery delivery : unsettled) {
        if (delivery.settled.compareAndSet(false, true)) {
          ready.addFirst(new LocalDelivery(this, delivery.message, delivery.order, true));
        }
      }
      consumer.unsettled.clear();
      pump();
    }

    synchronized void settled(LocalDelivery delivery, boolean requeue) {
      delivery.consumer.unsettled.remove(delivery);
      if (requeue) {
        ready.addFirst(new LocalDelivery(this, delivery.message, delivery.order, true));
      }
      pump();
    }

    private void pump() {
      for (Consumer consumer : consumers) {
        while (!ready.isEmpty() && consumer.unsettled.size() < consumer.prefetch) {
          LocalDelivery delivery = ready.pollFirst();
          delivery.consumer = consumer;
          consumer.unsettled.add(delivery);
          if (consumer.deliveries.offer(delivery) != QueueOfferResult.enqueued()) {
            // The consumer's stream has ended; its detach puts the delivery back.
            break;
          }
          counters.delivered(delivery.redelivered);
        }
      }
    }
  }

  /** A consumer's stream, and what it holds unsettled. */
  private static final class Consumer {

    final BoundedSourceQueue<Delivery> deliveries;
    final int prefetch;
    final Set<LocalDelivery> unsettled = new LinkedHashSet<>();

    Consumer(BoundedSourceQueue<Delivery> deliveries, int prefetch) {
      this.deliveries = deliveries;
      this.prefetch = prefetch;
    }
  }

  private final class LocalDelivery implements Delivery {

    final LocalQueue queue;
    final Message message;
    final long order;
    final boolean redelivered;
    final AtomicBoolean settled = new AtomicBoolean();
    Consumer consumer;

    LocalDelivery(LocalQueue queue, Message message, long order, boolean redelivered) {
      this.queue = queue;
      this.message = message;
      this.order = order;
      this.redelivered = redelivered;
    }

    @Override
    public String routingKey() {
      return message.routingKey();
    }

    @Override
    public byte[] body() {
      return message.outgoing().body();
    }

    @Override
    public Map<String, String> headers() {
      return message.headers();
    }

    @Override
    public Optional<String> messageId() {
      return Optional.of(message.outgoing().messageId());
    }

    @Override
    public Optional<String> replyTo() {
      return Optional.empty();
    }

    @Override
    public Optional<String> correlationId() {
      return message.outgoing().correlationId();
    }

    @Override
    public boolean redelivered() {
      return redelivered;
    }

    @Override
    public int retries() {
      return message.retries();
    }

    @Override
    public void ack() {
      if (settled.compareAndSet(false, true)) {
        counters.acked();
        queue.settled(this, false);
      }
    }

    @Override
    public CompletionStage<Done> retry(String reason) {
      Optional<Duration> delay = queue.inbox.retryDelay(message.retries());
      if (delay.isEmpty() || !queue.inbox.settlesByRerouting()) {
        return deadLetter(reason, BusHeaders.RETRIES_EXHAUSTED);
      }
      if (!settled.compareAndSet(false, true)) {
        return done();
      }
      Map<String, String> headers = new HashMap<>(message.headers());
      headers.put(BusHeaders.RETRIES, Integer.toString(message.retries() + 1));
      headers.put(BusHeaders.FAILURE_REASON, reason);
      Message again =
          new Message(message.outgoing(), message.routingKey(), message.retries() + 1, headers);
      system
          .scheduler()
          .scheduleOnce(
              delay.get(),
              () -> {
                if (!queue.offer(again)) {
                  queue.settled(this, true);
                }
              },
              system.executionContext());
      counters.retried();
      queue.settled(this, false);
      return done();
    }

    @Override
    public CompletionStage<Done> deadLetter(String reason) {
      return deadLetter(reason, BusHeaders.POISON);
    }

    private CompletionStage<Done> deadLetter(String reason, String failure) {
      LocalQueue dlq = queues.get(queue.inbox.deadLetterQueue());
      if (!queue.inbox.settlesByRerouting() || dlq == null) {
        return CompletableFuture.failedFuture(
            new IllegalStateException(queue.inbox.queue() + " is a dead-letter queue itself"));
      }
      if (!settled.compareAndSet(false, true)) {
        return done();
      }
      Map<String, String> headers = new HashMap<>(message.headers());
      headers.put(BusHeaders.FAILURE_REASON, reason);
      headers.put(BusHeaders.FAILURE, failure);
      headers.put(BusHeaders.RETRIES, Integer.toString(message.retries()));
      headers.put(BusHeaders.ROUTING_KEY, message.routingKey());
      headers.put(BusHeaders.DEAD_LETTERED_AT, Instant.now().toString());
      if (!dlq.offer(
          new Message(message.outgoing(), message.routingKey(), message.retries(), headers))) {
        queue.settled(this, true);
        return CompletableFuture.failedFuture(
            new IllegalStateException("the in-process queue " + dlq.inbox.queue() + " is full"));
      }
      counters.deadLettered();
      queue.settled(this, false);
      return done();
    }

    @Override
    public void requeue() {
      if (settled.compareAndSet(false, true)) {
        counters.requeued();
        queue.settled(this, true);
      }
    }

    private CompletionStage<Done> done() {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
  }
}
