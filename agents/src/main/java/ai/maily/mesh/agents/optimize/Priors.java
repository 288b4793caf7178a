package ai.maily.mesh.agents.optimize;

import ai.maily.mesh.core.predict.HourOfWeek;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.DayOfWeek;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the optimizer assumes without predictions, read from {@code priors.json}: open and click
 * rates by industry (Mailchimp's benchmarks), how strongly to believe them (a Beta prior's
 * pseudo-counts), and how opens vary over the hours of the week (ADR 0031 names the sources).
 *
 * @param industries the benchmark rates by industry id
 * @param defaultIndustry the id used when a brief names no industry
 * @param industrySource where the rates come from, for the output
 * @param openStrength the Beta prior's pseudo-count for an open rate
 * @param clickStrength the Beta prior's pseudo-count for a click rate
 * @param level the probability of the reported intervals
 * @param sendTime the open propensity per hour of the week
 */
record Priors(
    Map<String, IndustryRates> industries,
    String defaultIndustry,
    String industrySource,
    double openStrength,
    double clickStrength,
    double level,
    SendTimeProfile sendTime) {

  private static final String RESOURCE = "priors.json";

  Priors {
    industries = Map.copyOf(industries);
    if (!industries.containsKey(defaultIndustry)) {
      throw new IllegalArgumentException("no rates for the default industry " + defaultIndustry);
    }
  }

  /** The priors that ship with the agents. */
  static Priors shipped() {
    try (InputStream in = Priors.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      return read(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /** Priors from their JSON form. */
  static Priors read(JsonNode json) {
    JsonNode industries = json.path("industries");
    Map<String, IndustryRates> rates = new LinkedHashMap<>();
    industries
        .path("rates")
        .properties()
        .forEach(
            entry ->
                rates.put(
                    entry.getKey(),
                    new IndustryRates(
                        entry.getKey(),
                        entry.getValue().path("label").asText(),
                        entry.getValue().path("open").asDouble(),
                        entry.getValue().path("click").asDouble())));
    JsonNode strength = json.path("strength");
    return new Priors(
        rates,
        industries.path("default").asText(),
        industries.path("source").asText(),
        strength.path("open").asDouble(),
        strength.path("click").asDouble(),
        strength.path("level").asDouble(),
        SendTimeProfile.read(json.path("sendTime")));
  }

  /** The rates of {@code industry}, or empty if the priors have none for it. */
  Optional<IndustryRates> rates(String industry) {
    return Optional.ofNullable(industries.get(industry));
  }

  /** The rates used when the brief names no industry. */
  IndustryRates defaultRates() {
    return industries.get(defaultIndustry);
  }

  /**
   * An industry's benchmark.
   *
   * @param id how briefs name it, e.g. {@code hobbies}
   * @param label the benchmark's own name for it
   * @param open the average unique open rate
   * @param click the average unique click rate (per delivered email)
   */
  record IndustryRates(String id, String label, double open, double click) {

    IndustryRates {
      if (!(open > 0 && open < 1 && click > 0 && click < open)) {
        throw new IllegalArgumentException(
            "industry " + id + ": requires 0 < click < open < 1, got " + click + ", " + open);
      }
    }

    /** Of the emails opened, the share whose links are clicked. */
    double clickToOpen() {
      return click / open;
    }
  }

  /**
   * How likely an email is opened by the hour it arrives, relative to weekday working hours: a day
   * factor times an hour factor, scaled so that Monday to Friday, 09:00 to 17:59, average 1.
   */
  static final class SendTimeProfile {

    private final double[] index = new double[HourOfWeek.HOURS];

    private SendTimeProfile(Map<DayOfWeek, Double> days, double[] hours) {
      double workingHours = 0;
      int count = 0;
      for (int h = 0; h < HourOfWeek.HOURS; h++) {
        HourOfWeek hour = new HourOfWeek(h);
        index[h] = days.get(hour.day()) * hours[hour.hour()];
        if (hour.day().getValue() <= 5 && hour.hour() >= 9 && hour.hour() <= 17) {
          workingHours += index[h];
          count++;
        }
      }
      double mean = workingHours / count;
      for (int h = 0; h < HourOfWeek.HOURS; h++) {
        index[h] /= mean;
      }
    }

    static SendTimeProfile read(JsonNode json) {
      Map<DayOfWeek, Double> days = new LinkedHashMap<>();
      for (DayOfWeek day : DayOfWeek.values()) {
        JsonNode factor = json.path("days").path(day.name());
        if (!factor.isNumber() || factor.doubleValue() <= 0) {
          throw new IllegalArgumentException("no positive send-time factor for " + day);
        }
        days.put(day, factor.doubleValue());
      }
      JsonNode hourFactors = json.path("hours");
      if (hourFactors.size() != 24) {
        throw new IllegalArgumentException("the send-time profile needs 24 hour factors");
      }
      double[] hours = new double[24];
      for (int h = 0; h < 24; h++) {
        hours[h] = hourFactors.get(h).doubleValue();
        if (hours[h] <= 0) {
          throw new IllegalArgumentException("the factor of hour " + h + " must be positive");
        }
      }
      return new SendTimeProfile(days, hours);
    }

    /** The open propensity of {@code hour}; 1 is the weekday working-hours average. */
    double index(HourOfWeek hour) {
      return index[hour.value()];
    }
  }
}
