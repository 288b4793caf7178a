package ai.maily.mesh.bench;

import ai.maily.mesh.analytics.event.EngagementEvent;
import ai.maily.mesh.analytics.rates.EngagementCounts;
import ai.maily.mesh.analytics.readmodel.CampaignAnalytics;
import ai.maily.mesh.analytics.readmodel.EngagementReadModel;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A naive count of each campaign's generated events (per type, and unique opens and clicks: a
 * contact's repeated opens or clicks of a campaign count once), to check a read model's against.
 */
final class CampaignCountsReference {
  private final Map<List<String>, long[]> campaigns = new HashMap<>();
  private final Set<List<String>> opened = new HashSet<>();
  private final Set<List<String>> clicked = new HashSet<>();

  void count(EngagementEvent event) {
    if (event.campaignId() == null) {
      return;
    }
    List<String> campaign = List.of(event.tenant(), event.campaignId());
    List<String> contact = List.of(event.tenant(), event.campaignId(), event.contactId());
    long[] counts = campaigns.computeIfAbsent(campaign, k -> new long[9]);
    switch (event.type()) {
      case SENT -> counts[0]++;
      case DELIVERED -> counts[1]++;
      case OPEN -> {
        counts[2]++;
        if (opened.add(contact)) {
          counts[3]++;
        }
      }
      case CLICK -> {
        counts[4]++;
        if (clicked.add(contact)) {
          counts[5]++;
        }
      }
      case BOUNCE -> counts[6]++;
      case UNSUBSCRIBE -> counts[7]++;
      case COMPLAINT -> counts[8]++;
      default -> throw new IllegalStateException("not generated: " + event.type());
    }
  }

  /** How many campaigns were counted. */
  int campaigns() {
    return campaigns.size();
  }

  /** {@code exact}, or the first campaign whose counts differ (or that the read model lacks). */
  String check(EngagementReadModel readModel) {
    for (Map.Entry<List<String>, long[]> campaign : campaigns.entrySet()) {
      long[] c = campaign.getValue();
      EngagementCounts expected =
          new EngagementCounts(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8]);
      EngagementCounts actual =
          readModel
              .campaign(campaign.getKey().get(0), campaign.getKey().get(1))
              .map(CampaignAnalytics::counts)
              .orElse(null);
      if (!expected.equals(actual)) {
        return "MISMATCH " + campaign.getKey() + ": " + actual + " != " + expected;
      }
    }
    return "exact";
  }
}
