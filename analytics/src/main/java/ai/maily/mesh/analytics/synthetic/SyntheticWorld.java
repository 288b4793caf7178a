package ai.maily.mesh.analytics.synthetic;

import ai.maily.mesh.analytics.predict.ContactEvent;
import ai.maily.mesh.analytics.predict.HourOfWeek;
import ai.maily.mesh.analytics.predict.Logistic;
import ai.maily.mesh.analytics.synthetic.SyntheticDataset.Campaign;
import ai.maily.mesh.analytics.synthetic.SyntheticDataset.Contact;
import ai.maily.mesh.analytics.synthetic.SyntheticDataset.Segment;
import ai.maily.mesh.analytics.synthetic.SyntheticDataset.Send;
import ai.maily.mesh.analytics.synthetic.SyntheticDataset.TimedEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Generates engagement with a known truth, to evaluate the models against it.
 *
 * <p>Each contact has a segment, a preferred hour of the week near its segment's, an open
 * propensity (logit) around its segment's, a click-given-open propensity, a web-visit and a social
 * rate that grow with its open propensity, and may go dormant (propensity -2.5) at some point or
 * have an address that always bounces. Each campaign goes out on one day, to each contact with
 * probability {@code audienceShare}, at an hour drawn per recipient from 06:00–21:00 of that day (a
 * send-time exploration design); its subject belongs to one of a few topics, each with an appeal,
 * and its embedding is the topic's direction plus noise. A send is opened with probability
 * sigmoid(propensity + appeal + 2.2·(affinity - 0.3) - 0.4·[another send within 24 h]), where the
 * affinity ∈ [0, 1] of the send hour to the preferred one is half a daily and half a weekly
 * Gaussian bump (σ 2 h and 3 h); opened sends are clicked with probability sigmoid(click propensity
 * + 0.6·appeal). One campaign in the last week goes to a badly imported list: 10% extra bounces.
 * Opens come after a send by an exponential delay (mean 3 h), clicks after the open (mean 5 min);
 * unsubscribes and complaints are rare and end the contact's sends.
 */
public final class SyntheticWorld {

  private static final int[] SEGMENT_CENTRES = {
    24 + 8, 48 + 12, 72 + 19, 120 + 10, 96 + 7, 144 + 17
  };

  /** How much a campaign's appeal adds to the click-given-open logit. */
  public static final double CLICK_APPEAL = 0.6;

  private static final double AFFINITY_WEIGHT = 2.2;
  private static final double AFFINITY_CENTRE = 0.3;
  private static final double FATIGUE = 0.4;
  private static final double DORMANT_DROP = 2.5;
  private static final double OPEN_DELAY_HOURS = 3;
  private static final double CLICK_DELAY_MINUTES = 5;
  private static final double BASE_BOUNCE = 0.004;
  private static final double INCIDENT_BOUNCE = 0.10;

  private final SyntheticSettings settings;
  private final SplittableRandom random;

  private SyntheticWorld(SyntheticSettings settings) {
    this.settings = settings;
    this.random = new SplittableRandom(settings.seed());
  }

  /** The world these settings describe; the same settings give the same world. */
  public static SyntheticDataset generate(SyntheticSettings settings) {
    return new SyntheticWorld(settings).generate();
  }

  /**
   * How well a send hour suits a preferred hour, in [0, 1]: half a daily Gaussian bump (σ 2 h on
   * the hour of the day) and half a weekly one (σ 3 h on the hour of the week).
   */
  public static double affinity(int sendHour, int preferredHour) {
    int daily = Math.floorMod(sendHour - preferredHour, 24);
    daily = Math.min(daily, 24 - daily);
    int weekly = HourOfWeek.distance(sendHour, preferredHour);
    return 0.5 * Math.exp(-daily * daily / 8.0) + 0.5 * Math.exp(-weekly * weekly / 18.0);
  }

  private SyntheticDataset generate() {
    List<Segment> segments = segments();
    List<Contact> contacts = contacts(segments);
    float[][] topicDirections = new float[settings.topics()][];
    double[] topicAppeal = new double[settings.topics()];
    for (int t = 0; t < settings.topics(); t++) {
      topicDirections[t] = unit(gaussianVector());
      topicAppeal[t] = 0.6 * random.nextGaussian();
    }
    List<Campaign> campaigns = campaigns(topicDirections, topicAppeal);

    List<Send> sends = new ArrayList<>();
    List<TimedEvent> events = new ArrayList<>();
    boolean[] suppressed = new boolean[contacts.size()];
    Instant[] lastSend = new Instant[contacts.size()];
    for (int k = 0; k < campaigns.size(); k++) {
      Campaign campaign = campaigns.get(k);
      for (Contact contact : contacts) {
        if (suppressed[contact.id()] || random.nextDouble() >= settings.audienceShare()) {
          continue;
        }
        Instant sentAt =
            campaign
                .sentOn()
                .plus(Duration.ofHours(6 + random.nextInt(16)))
                .plusSeconds(random.nextInt(3600));
        send(contact, k, campaign, sentAt, lastSend, suppressed, sends, events);
      }
    }
    for (Contact contact : contacts) {
      background(contact, events);
    }
    events.sort(Comparator.comparing((TimedEvent e) -> e.event().at()));
    sends.sort(Comparator.comparing(Send::sentAt));
    return new SyntheticDataset(settings, segments, contacts, campaigns, sends, events);
  }

  private void send(
      Contact contact,
      int index,
      Campaign campaign,
      Instant sentAt,
      Instant[] lastSend,
      boolean[] suppressed,
      List<Send> sends,
      List<TimedEvent> events) {
    int id = contact.id();
    boolean tired = lastSend[id] != null && Duration.between(lastSend[id], sentAt).toHours() < 24;
    lastSend[id] = sentAt;
    double propensity =
        contact.openLogit()
            - (contact.dormantFrom() != null && !sentAt.isBefore(contact.dormantFrom())
                ? DORMANT_DROP
                : 0);
    int hour = HourOfWeek.of(sentAt, ZoneOffset.UTC);
    double openLogit =
        propensity
            + campaign.appeal()
            + AFFINITY_WEIGHT * (affinity(hour, contact.preferredHour()) - AFFINITY_CENTRE)
            - (tired ? FATIGUE : 0);
    double pOpen = Logistic.sigmoid(openLogit);
    double pClickGivenOpen =
        Logistic.sigmoid(contact.clickLogit() + CLICK_APPEAL * campaign.appeal());
    events.add(
        new TimedEvent(
            id, new ContactEvent.Sent(campaign.id(), sentAt, campaign.subjectEmbedding())));
    double bounceChance = BASE_BOUNCE + (campaign.incident() ? INCIDENT_BOUNCE : 0);
    if (contact.badAddress() || random.nextDouble() < bounceChance) {
      events.add(new TimedEvent(id, new ContactEvent.Bounced(sentAt.plusSeconds(60))));
      if (contact.badAddress()) {
        suppressed[id] = true;
      }
      sends.add(new Send(id, index, sentAt, pOpen, pOpen * pClickGivenOpen, true, false, false));
      return;
    }
    boolean opened = random.nextDouble() < pOpen;
    boolean clicked = opened && random.nextDouble() < pClickGivenOpen;
    if (opened) {
      Instant openAt = sentAt.plusSeconds(delaySeconds(OPEN_DELAY_HOURS * 3600, 70 * 3600));
      events.add(new TimedEvent(id, new ContactEvent.Opened(campaign.id(), openAt)));
      if (clicked) {
        Instant clickAt = openAt.plusSeconds(delaySeconds(CLICK_DELAY_MINUTES * 60, 3600));
        events.add(new TimedEvent(id, new ContactEvent.Clicked(campaign.id(), clickAt)));
      }
      if (random.nextDouble() < (tired ? 0.02 : 0.008)) {
        events.add(new TimedEvent(id, new ContactEvent.Unsubscribed(openAt.plusSeconds(120))));
        suppressed[id] = true;
      }
    } else if (random.nextDouble() < 0.0008) {
      events.add(new TimedEvent(id, new ContactEvent.Complained(sentAt.plus(Duration.ofHours(5)))));
      suppressed[id] = true;
    }
    sends.add(new Send(id, index, sentAt, pOpen, pOpen * pClickGivenOpen, false, opened, clicked));
  }

  /** Web visits and social interactions, more frequent for engaged contacts. */
  private void background(Contact contact, List<TimedEvent> events) {
    double weeks = settings.weeks();
    double webPerWeek = 0.8 * Math.exp(contact.openLogit() + 1);
    double socialPerWeek = 0.3 * Math.exp(0.5 * contact.openLogit() + 0.5);
    long seconds = Duration.ofDays(7L * settings.weeks()).toSeconds();
    for (int i = poisson(webPerWeek * weeks); i > 0; i--) {
      Instant at = settings.start().plusSeconds((long) (random.nextDouble() * seconds));
      if (contact.dormantFrom() == null || at.isBefore(contact.dormantFrom())) {
        events.add(new TimedEvent(contact.id(), new ContactEvent.Visited(at)));
      }
    }
    for (int i = poisson(socialPerWeek * weeks); i > 0; i--) {
      Instant at = settings.start().plusSeconds((long) (random.nextDouble() * seconds));
      events.add(new TimedEvent(contact.id(), new ContactEvent.Interacted(at)));
    }
  }

  private List<Segment> segments() {
    List<Segment> segments = new ArrayList<>();
    for (int s = 0; s < settings.segments(); s++) {
      int centre =
          HourOfWeek.shift(SEGMENT_CENTRES[s % SEGMENT_CENTRES.length], random.nextInt(5) - 2);
      segments.add(new Segment(s, centre, -2.0 + 1.2 * random.nextDouble()));
    }
    return segments;
  }

  private List<Contact> contacts(List<Segment> segments) {
    List<Contact> contacts = new ArrayList<>();
    long span = Duration.ofDays(7L * settings.weeks()).toSeconds();
    for (int c = 0; c < settings.contacts(); c++) {
      Segment segment = segments.get(random.nextInt(segments.size()));
      int offset = (int) Math.round(2.5 * random.nextGaussian());
      if (random.nextDouble() < 0.25) {
        offset += random.nextBoolean() ? 24 : -24;
      }
      Instant dormantFrom =
          random.nextDouble() < 0.2
              ? settings.start().plusSeconds(span / 5 + (long) (random.nextDouble() * span * 0.8))
              : null;
      contacts.add(
          new Contact(
              c,
              segment.id(),
              HourOfWeek.shift(segment.centreHour(), offset),
              segment.baseLogit() + 0.9 * random.nextGaussian(),
              -1.4 + 0.7 * random.nextGaussian(),
              dormantFrom,
              random.nextDouble() < 0.01));
    }
    return contacts;
  }

  private List<Campaign> campaigns(float[][] topicDirections, double[] topicAppeal) {
    List<Campaign> campaigns = new ArrayList<>();
    int perWeek = settings.campaignsPerWeek();
    for (int week = 0; week < settings.weeks(); week++) {
      List<Integer> days = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6));
      for (int j = 0; j < perWeek; j++) {
        int day = days.remove(random.nextInt(days.size()));
        int topic = random.nextInt(settings.topics());
        float[] embedding = topicDirections[topic].clone();
        float[] noise = unit(gaussianVector());
        for (int i = 0; i < embedding.length; i++) {
          embedding[i] += 0.5f * noise[i];
        }
        boolean incident = week == settings.weeks() - 1 && j == 0;
        campaigns.add(
            new Campaign(
                String.format(Locale.ROOT, "campaign-%02d-%d", week, j),
                settings.start().plus(Duration.ofDays(7L * week + day)),
                topic,
                topicAppeal[topic] + 0.15 * random.nextGaussian(),
                unit(embedding),
                incident));
      }
    }
    campaigns.sort(Comparator.comparing(Campaign::sentOn));
    return campaigns;
  }

  private float[] gaussianVector() {
    float[] v = new float[settings.embeddingDimensions()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }

  private static float[] unit(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    float[] u = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      u[i] = (float) (v[i] / norm);
    }
    return u;
  }

  private long delaySeconds(double meanSeconds, double capSeconds) {
    return (long) Math.min(capSeconds, -meanSeconds * Math.log(1 - random.nextDouble())) + 1;
  }

  private int poisson(double mean) {
    // Knuth's method is fine for the small means here; a normal approximation above 30.
    if (mean > 30) {
      return Math.max(0, (int) Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
    }
    double limit = Math.exp(-mean);
    double product = random.nextDouble();
    int n = 0;
    while (product > limit) {
      product *= random.nextDouble();
      n++;
    }
    return n;
  }
}
