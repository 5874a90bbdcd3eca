import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { parse } from 'yaml';

/** One step of an action's example, as a template would run it. */
export interface ExampleStep {
  description: string;
  action: string;
  input: Record<string, unknown>;
}

/**
 * The steps of an action's `examples` (each a template snippet in YAML),
 * for `<action>.examples.test.ts`: every example has exactly one step, of
 * the action `actionId`.
 */
export function exampleSteps(
  examples: TemplateExample[],
  actionId: string,
): Array<[string, ExampleStep]> {
  return examples.map(example => {
    const { steps } = parse(example.example) as {
      steps: Array<{ action: string; input: Record<string, unknown> }>;
    };
    if (steps.length !== 1 || steps[0].action !== actionId) {
      throw new Error(
        `example '${example.description}' must have one step of ${actionId}`,
      );
    }
    return [
      example.description,
      { description: example.description, ...steps[0] },
    ];
  });
}
