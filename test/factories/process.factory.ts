import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Process models for the administration tests, built from the shipped expense process. */
const SHIPPED = readFileSync(resolve(__dirname, '..', '..', 'processes', 'expense-claim.bpmn'), 'utf8');

export const SHIPPED_EXPENSE = SHIPPED;

/** The expense process under a key of its own, so deploying it changes nothing the other tests use. */
export function copyOf(key: string, change: (xml: string) => string = (xml) => xml): string {
  return change(SHIPPED.replace(/id="expense-claim"/, `id="${key}"`).replace(/bpmnElement="expense-claim"/, `bpmnElement="${key}"`));
}

/** A user task "政治处审核" after the route step; `holder` is its candidate-group attribute, if any. */
export const withReview = (holder: string) => (xml: string) =>
  xml
    .replace('<bpmn:sequenceFlow id="flow-after-route" sourceRef="route" targetRef="screening-result" />',
      '<bpmn:sequenceFlow id="flow-after-route" sourceRef="route" targetRef="political-review" />\n    <bpmn:sequenceFlow id="flow-after-review" sourceRef="political-review" targetRef="screening-result" />')
    .replace('<bpmn:exclusiveGateway id="screening-result" name="有阻断问题? Blocking findings?" default="flow-clean">',
      `<bpmn:userTask id="political-review" name="政治处审核" ${holder}>\n      <bpmn:incoming>flow-after-route</bpmn:incoming>\n      <bpmn:outgoing>flow-after-review</bpmn:outgoing>\n    </bpmn:userTask>\n    <bpmn:exclusiveGateway id="screening-result" name="有阻断问题? Blocking findings?" default="flow-clean">`)
    .replace('<bpmn:incoming>flow-after-route</bpmn:incoming>\n      <bpmn:outgoing>flow-blocked</bpmn:outgoing>', '<bpmn:incoming>flow-after-review</bpmn:incoming>\n      <bpmn:outgoing>flow-blocked</bpmn:outgoing>')
    .replace('</bpmndi:BPMNPlane>', '<bpmndi:BPMNShape id="political-review-di" bpmnElement="political-review"><dc:Bounds x="560" y="300" width="100" height="80" /></bpmndi:BPMNShape>\n      <bpmndi:BPMNEdge id="flow-after-review-di" bpmnElement="flow-after-review"><di:waypoint x="610" y="300" /><di:waypoint x="700" y="205" /></bpmndi:BPMNEdge>\n    </bpmndi:BPMNPlane>');

