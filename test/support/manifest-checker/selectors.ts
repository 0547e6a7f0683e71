/** Label selector evaluation (matchLabels + matchExpressions), as the API server does it. */

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

/** Whether `selector` selects an object carrying `labels`. */
export function selectorMatches(selector: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  const have = labels ?? {};
  for (const [key, value] of Object.entries(selector?.matchLabels ?? {})) {
    if (have[key] !== value) return false;
  }
  for (const { key, operator, values = [] } of selector?.matchExpressions ?? []) {
    const present = Object.prototype.hasOwnProperty.call(have, key);
    switch (operator) {
      case 'In': if (!present || !values.includes(have[key])) return false; break;
      case 'NotIn': if (present && values.includes(have[key])) return false; break;
      case 'Exists': if (!present) return false; break;
      case 'DoesNotExist': if (present) return false; break;
      default: return false; // Unknown operators select nothing (the API server rejects them).
    }
  }
  return true;
}

/** A selector with no requirements selects everything: almost always a mistake in a manifest. */
export function selectorIsEmpty(selector: LabelSelector | undefined): boolean {
  return Object.keys(selector?.matchLabels ?? {}).length === 0 && (selector?.matchExpressions ?? []).length === 0;
}

/** A plain map selector (Service.spec.selector) as a LabelSelector. */
export function mapSelector(selector: Record<string, string> | undefined): LabelSelector {
  return { matchLabels: selector ?? {} };
}
