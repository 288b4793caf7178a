package ai.maily.mesh.agents.personalize;

/**
 * How an email uses one audience field.
 *
 * @param field the field
 * @param occurrences how many well-formed tags read it, over all parts
 * @param hasDefault true if every one of those tags has an inline default
 * @param known true if the audience declares the field
 */
public record TagUsage(String field, int occurrences, boolean hasDefault, boolean known) {}
