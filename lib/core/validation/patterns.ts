/**
 * The Kubernetes and OCI name grammars the library validates against, in one place: the
 * construct rules, the GitOps constructs, the models.yaml schema and the CLI all use these.
 */

/** DNS-1035 label: Service names, and so the model name. */
export const DNS_1035_LABEL = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** DNS-1123 label: namespaces. */
export const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** DNS-1123 subdomain: most object names (Secrets, ServiceAccounts, classes). */
export const DNS_1123_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A host name for Ingress or HTTPRoute: lowercase, no scheme, no port; a leading `*.` wildcard allowed. */
export const HOSTNAME = /^(\*\.)?(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A Kubernetes label value, non-empty. */
export const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
/** An optional-prefix label key. */
export const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
/** An environment variable name (C identifier). */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** An HTTP header name (RFC 7230 token, lowercase for Gateway API matching). */
export const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;
/** A Prometheus duration such as 30s or 1m. */
export const DURATION = /^(\d+(ms|s|m|h))+$/;
/** A Prometheus duration that is not zero, e.g. the range of a rate: 30s, 5m, 1h30m. */
export const POSITIVE_DURATION = /^(?=.*[1-9])(\d+(ms|s|m|h))+$/;
/**
 * An OCI image reference: `[registry[:port]/]repo[/path][:tag][@sha256:<64 hex>]`, lowercase
 * repository, tag of at most 128 characters.
 */
export const IMAGE_REFERENCE = /^(?:(?:[a-zA-Z0-9-]+\.)*[a-zA-Z0-9-]+(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;
