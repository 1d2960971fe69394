package dev.tollgate.verifier.sigstore;

import java.util.Optional;

/**
 * Optional constraints on the GitHub Actions extensions Fulcio writes into a certificate. Each
 * present value must equal the certificate's value exactly.
 *
 * @param repository {@code owner/name}, matched against the source repository
 *     ({@code https://github.com/owner/name} in extension 1.3.6.1.4.1.57264.1.12, or the legacy
 *     1.3.6.1.4.1.57264.1.5)
 * @param workflowRef the git ref the workflow ran for, e.g. {@code refs/tags/v1.4.2}
 *     (1.3.6.1.4.1.57264.1.14, legacy 1.6)
 * @param trigger the event that started the run, e.g. {@code push} (1.3.6.1.4.1.57264.1.20,
 *     legacy 1.2)
 */
public record GithubConstraints(
    Optional<String> repository, Optional<String> workflowRef, Optional<String> trigger) {

  public GithubConstraints {
    repository = repository == null ? Optional.empty() : repository;
    workflowRef = workflowRef == null ? Optional.empty() : workflowRef;
    trigger = trigger == null ? Optional.empty() : trigger;
  }

  public static GithubConstraints none() {
    return new GithubConstraints(Optional.empty(), Optional.empty(), Optional.empty());
  }

  public static GithubConstraints of(String repository, String workflowRef, String trigger) {
    return new GithubConstraints(
        Optional.ofNullable(repository), Optional.ofNullable(workflowRef), Optional.ofNullable(trigger));
  }

  public boolean isEmpty() {
    return repository.isEmpty() && workflowRef.isEmpty() && trigger.isEmpty();
  }
}
