/**
 * The subset of the Amazon States Language (JSONPath flavour) the definition builder emits. Kept
 * to what both Step Functions and the local interpreter (aws-local-stepfunctions) run: no JSONata,
 * no `Assign` variables, no distributed Map.
 */

export interface Retrier {
  readonly ErrorEquals: readonly string[];
  readonly IntervalSeconds: number;
  readonly MaxAttempts: number;
  readonly BackoffRate: number;
  readonly MaxDelaySeconds?: number;
  readonly JitterStrategy?: 'FULL' | 'NONE';
}

export interface Catcher {
  readonly ErrorEquals: readonly string[];
  readonly Next: string;
  readonly ResultPath: string;
}

/** A payload template: keys ending in `.$` take a JSONPath or an intrinsic function. */
export type PayloadTemplate = { readonly [key: string]: unknown };

interface StateBase {
  readonly Comment?: string;
}

interface Transition {
  readonly Next?: string;
  readonly End?: true;
}

export interface TaskState extends StateBase, Transition {
  readonly Type: 'Task';
  readonly Resource: string;
  readonly Parameters?: PayloadTemplate;
  readonly ResultSelector?: PayloadTemplate;
  readonly ResultPath?: string | null;
  readonly TimeoutSeconds?: number;
  readonly Retry?: readonly Retrier[];
  readonly Catch?: readonly Catcher[];
}

export interface MapState extends StateBase, Transition {
  readonly Type: 'Map';
  readonly ItemsPath: string;
  readonly ItemSelector?: PayloadTemplate;
  readonly MaxConcurrency?: number;
  readonly ItemProcessor: {
    readonly ProcessorConfig: { readonly Mode: 'INLINE' };
    readonly StartAt: string;
    readonly States: Readonly<Record<string, State>>;
  };
  readonly ResultSelector?: PayloadTemplate;
  readonly ResultPath?: string | null;
  readonly Catch?: readonly Catcher[];
}

export interface ParallelState extends StateBase, Transition {
  readonly Type: 'Parallel';
  readonly Branches: readonly {
    readonly StartAt: string;
    readonly States: Readonly<Record<string, State>>;
  }[];
  readonly ResultPath?: string | null;
  readonly Catch?: readonly Catcher[];
}

export interface PassState extends StateBase, Transition {
  readonly Type: 'Pass';
  readonly Parameters?: PayloadTemplate;
  readonly ResultPath?: string | null;
}

export interface WaitState extends StateBase, Transition {
  readonly Type: 'Wait';
  readonly Seconds: number;
}

export type ChoiceRule = { readonly Next?: string } & Readonly<Record<string, unknown>>;

export interface ChoiceState extends StateBase {
  readonly Type: 'Choice';
  readonly Choices: readonly ChoiceRule[];
  readonly Default: string;
}

export interface SucceedState extends StateBase {
  readonly Type: 'Succeed';
}

export interface FailState extends StateBase {
  readonly Type: 'Fail';
  readonly ErrorPath?: string;
  readonly CausePath?: string;
  readonly Error?: string;
  readonly Cause?: string;
}

export type State =
  TaskState | MapState | ParallelState | PassState | WaitState | ChoiceState | SucceedState | FailState;

export interface StateMachineDefinition {
  readonly Comment: string;
  readonly StartAt: string;
  readonly TimeoutSeconds: number;
  readonly States: Readonly<Record<string, State>>;
}

/** A JSONPath reference in a payload template (a plain string is a literal). */
export interface JsonPath {
  readonly path: string;
}

/** `path('$.runId')`: the value at that path of the state's input (or `$$.` the context object). */
export const path = (p: string): JsonPath => ({ path: p });

/** Turns `{ runId: path('$.runId'), status: 'FAILED' }` into `{ "runId.$": "$.runId", status: "FAILED" }`. */
export function payload(fields: Readonly<Record<string, unknown>>): PayloadTemplate {
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) =>
      isJsonPath(value) ? [`${key}.$`, value.path] : [key, value],
    ),
  );
}

function isJsonPath(value: unknown): value is JsonPath {
  return typeof value === 'object' && value !== null && Object.keys(value).length === 1 && 'path' in value;
}

/** Every state of a definition, nested ones (Map, Parallel) included, with its name. */
export function allStates(states: Readonly<Record<string, State>>): [string, State][] {
  return Object.entries(states).flatMap(([name, state]): [string, State][] => {
    if (state.Type === 'Map') return [[name, state], ...allStates(state.ItemProcessor.States)];
    if (state.Type === 'Parallel')
      return [[name, state], ...state.Branches.flatMap((b) => allStates(b.States))];
    return [[name, state]];
  });
}
