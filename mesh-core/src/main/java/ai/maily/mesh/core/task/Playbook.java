package ai.maily.mesh.core.task;

/**
 * A named, reusable plan, e.g. {@code email-check}.
 *
 * @param name how clients ask for it
 * @param description what it does, for people choosing one
 * @param plan the steps it runs
 */
public record Playbook(String name, String description, Plan plan) {}
