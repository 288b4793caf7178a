package ai.maily.mesh.agents.personalize;

/**
 * Text that opens a merge tag but is not a well-formed one; it renders as written.
 *
 * @param source the offending text, braces included, truncated if it runs on
 * @param message what is wrong
 * @param fix how to write it instead
 */
public record MalformedTag(String source, String message, String fix) {}
