/**
 * Predictive analytics: engagement events from every channel arrive over AMQP or HTTP, are counted
 * exactly into read models, and come back as predictions, anomalies and recommendations
 * (ARCHITECTURE §4, "Analytics").
 */
package ai.maily.mesh.analytics;
