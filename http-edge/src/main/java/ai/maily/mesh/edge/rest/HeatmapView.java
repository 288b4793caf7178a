package ai.maily.mesh.edge.rest;

import ai.maily.mesh.analytics.predict.HourOfWeek;
import ai.maily.mesh.analytics.readmodel.HeatmapCell;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The 168 hours of the week (UTC) of a campaign or of the whole tenant ({@code campaignId} null),
 * as {@code GET /analytics/heatmap} shows them.
 */
record HeatmapView(@JsonInclude(JsonInclude.Include.ALWAYS) String campaignId, List<Cell> cells) {

  /**
   * One hour: the sends, opens and clicks that occurred in it, and the share of its sends that were
   * opened.
   */
  record Cell(int hourOfWeek, String label, long sends, long opens, long clicks, double openRate) {}

  static HeatmapView of(String campaignId, List<HeatmapCell> cells) {
    return new HeatmapView(
        campaignId,
        cells.stream()
            .map(
                c ->
                    new Cell(
                        c.hourOfWeek(),
                        HourOfWeek.label(c.hourOfWeek()),
                        c.sends(),
                        c.opens(),
                        c.clicks(),
                        c.openRate()))
            .toList());
  }
}
