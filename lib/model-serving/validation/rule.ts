import type { PropChecker } from '../../core/validation/checker';
import type { ModelServingProps } from '../props';

/** One rule of the table: checks one concern of the props and records violations on the checker. */
export type Rule = (props: ModelServingProps, check: PropChecker) => void;
