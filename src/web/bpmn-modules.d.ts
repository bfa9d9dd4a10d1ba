/** The properties panel ships no types: its modules are bpmn-js module definitions. */
declare module 'bpmn-js-properties-panel' {
  export const BpmnPropertiesPanelModule: Record<string, any>;
  export const BpmnPropertiesProviderModule: Record<string, any>;
  export const CamundaPlatformPropertiesProviderModule: Record<string, any>;
}

/** Token simulation ships no types: a bpmn-js module definition. */
declare module 'bpmn-js-token-simulation/lib/modeler' {
  const TokenSimulationModule: Record<string, any>;
  export default TokenSimulationModule;
}
