import { datasets } from '@lakehouse/contracts';
import { spec, withRefunds } from '../test/fixtures';
import { glueSpec } from '../test/glue-spec';
import { file, input, lease, RUN, scriptedHandlers } from '../test/scripted-handlers';
import { allStates, buildGlueWorkflow, buildStateMachine, STATES, workflowWaves } from './index';
import { runLocally } from './local-execution';

/** Adding a contract to the registry is the only edit: both definitions gain its nodes. */
describe('a fourth dataset contract', () => {
  const registry = withRefunds();

  it('gets its validate branch, Map and task in the state machine', () => {
    const before = new Set(allStates(buildStateMachine(spec(datasets)).States).map(([n]) => n));
    const after = allStates(buildStateMachine(spec(registry)).States).map(([n]) => n);
    expect(after.filter((n) => !before.has(n))).toEqual([
      STATES.validateFiles('order_item_refunds'),
      STATES.validateFile('order_item_refunds'),
    ]);
    const validate = buildStateMachine(spec(registry)).States[STATES.validate];
    expect(validate.Type === 'Parallel' && validate.Branches.map((b) => b.StartAt)).toEqual(
      registry.names.map((d) => STATES.validateFiles(d)),
    );
  });

  it('validates its files when the definition runs', async () => {
    const files = {
      products: [],
      orders: [],
      order_items: [],
      order_item_refunds: [file(9, 'order_item_refunds')],
    };
    const { handlers, calls } = scriptedHandlers(registry, {
      claim: () => ({ runId: RUN, manifestUri: 's3://reports-bucket/m.json', lease, files }),
      load: () => ({ RunId: 'wr_1' }),
    });
    const result = await runLocally(buildStateMachine(spec(registry)), input, { handlers });
    expect(result.status).toBe('SUCCEEDED');
    expect(calls[STATES.validateFile('order_item_refunds')]).toEqual([
      { runId: RUN, runStart: input.runStart, file: files.order_item_refunds[0] },
    ]);
  });

  it('gets its job after its parent in the Glue workflow', () => {
    const workflow = buildGlueWorkflow(glueSpec(registry));
    expect(workflowWaves(workflow)).toEqual([
      ['products', 'orders'],
      ['order_items'],
      ['order_item_refunds', 'daily_sales'],
    ]);
    expect(workflow.jobs.find((j) => j.table === 'order_item_refunds')?.arguments['--dataset']).toBe(
      'order_item_refunds',
    );
    expect(
      workflow.triggers.find((t) => t.actions.includes('lakehouse-test-order_item_refunds')),
    ).toMatchObject({
      type: 'CONDITIONAL',
      predicate: { conditions: [{ jobName: 'lakehouse-test-order_items', state: 'SUCCEEDED' }] },
    });
  });
});
