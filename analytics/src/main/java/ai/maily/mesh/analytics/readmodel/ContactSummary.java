package ai.maily.mesh.analytics.readmodel;

import ai.maily.mesh.analytics.predict.HourOfWeek;

/**
 * A contact's engagement over all campaigns, with the hour of the week (UTC) of each.
 *
 * @param contactId the contact
 * @param sends messages sent to the contact
 * @param opens opens by the contact
 * @param clicks clicks by the contact, on any channel
 * @param sendsByHour sends per hour of the week, {@link HourOfWeek#HOURS} long
 * @param opensByHour opens per hour of the week
 * @param clicksByHour clicks per hour of the week
 */
public record ContactSummary(
    String contactId,
    long sends,
    long opens,
    long clicks,
    long[] sendsByHour,
    long[] opensByHour,
    long[] clicksByHour) {

  public ContactSummary {
    sendsByHour = sendsByHour.clone();
    opensByHour = opensByHour.clone();
    clicksByHour = clicksByHour.clone();
  }

  @Override
  public long[] sendsByHour() {
    return sendsByHour.clone();
  }

  @Override
  public long[] opensByHour() {
    return opensByHour.clone();
  }

  @Override
  public long[] clicksByHour() {
    return clicksByHour.clone();
  }
}
