/** A Form.io component, as far as finding the data it writes goes. */
interface Component {
  type?: string;
  key?: string;
  input?: boolean;
  components?: Component[];
  columns?: { components?: Component[] }[];
}

/**
 * The data paths a form writes (`purpose`, `budgetLine.subject`, `invoices[].number`): layout
 * components add nothing, containers add `key.`, grids add `key[].`.
 */
export function formDataKeys(components: Component[] = [], prefix = ''): string[] {
  const keys: string[] = [];
  for (const component of components) {
    if (component.type === 'container' || component.type === 'editgrid' || component.type === 'datagrid') {
      keys.push(prefix + component.key);
      keys.push(...formDataKeys(component.components, `${prefix}${component.key}${component.type === 'container' ? '.' : '[].'}`));
    } else if (component.columns) {
      for (const column of component.columns) keys.push(...formDataKeys(column.components, prefix));
    } else if (component.components) {
      keys.push(...formDataKeys(component.components, prefix));
    } else if (component.input && component.key && component.type !== 'button') {
      keys.push(prefix + component.key);
    }
  }
  return keys;
}
