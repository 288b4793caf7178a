package ai.maily.mesh.trust.service;

import ai.maily.mesh.trust.canon.Content;
import ai.maily.mesh.trust.cert.Certificate;
import ai.maily.mesh.trust.cert.Subject;
import java.util.concurrent.CompletionStage;

/** Issues certificates: what the {@code certifier} agent needs of the trust service. */
@FunctionalInterface
public interface Certifier {

  /**
   * Appends an issuance for {@code content} to the log and returns its certificate, once the entry
   * is persisted and its checkpoint signed.
   */
  CompletionStage<Certificate> certify(String tenant, Subject subject, Content content);
}
