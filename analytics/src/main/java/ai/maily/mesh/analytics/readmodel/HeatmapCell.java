package ai.maily.mesh.analytics.readmodel;

/**
 * One hour of the week (UTC, {@link ai.maily.mesh.analytics.predict.HourOfWeek}) of a tenant's or a
 * campaign's engagement.
 *
 * @param hourOfWeek 0 (Monday 00:00) to 167
 * @param sends the sends that occurred in this hour
 * @param opens the opens that occurred in this hour
 * @param clicks the clicks that occurred in this hour
 * @param opened of the sends of this hour, those whose campaign the contact went on to open
 */
public record HeatmapCell(int hourOfWeek, long sends, long opens, long clicks, long opened) {

  /** Of the sends of this hour, the share that were opened; 0 without sends. */
  public double openRate() {
    return sends == 0 ? 0 : Math.min(1.0, (double) opened / sends);
  }
}
