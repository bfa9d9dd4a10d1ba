/** Chinese for the modeler's palette, context pad and panel (bpmn-js looks texts up by their English). */
export const BPMN_ZH: Record<string, string> = {
  'Activate hand tool': '抓手工具', 'Activate lasso tool': '套索工具', 'Activate create/remove space tool': '创建/删除空间', 'Activate global connect tool': '全局连线',
  'Create start event': '开始事件', 'Create end event': '结束事件', 'Create intermediate/boundary event': '中间/边界事件', 'Create gateway': '网关', 'Create task': '任务',
  'Create data object reference': '数据对象', 'Create data store reference': '数据存储', 'Create expanded sub-process': '子流程', 'Create pool/participant': '泳池', 'Create group': '分组',
  'Append end event': '追加结束事件', 'Append gateway': '追加网关', 'Append task': '追加任务', 'Append intermediate/boundary event': '追加中间事件', 'Append text annotation': '追加注释',
  'Change element': '更改类型', 'Change type': '更改类型', Delete: '删除', 'Connect using sequence/message flow or association': '连线', 'Connect to other element': '连线', 'Add text annotation': '添加注释',
  General: '常规', Name: '名称', ID: '编号', Documentation: '说明', 'Element documentation': '元素说明', 'Process documentation': '流程说明',
  'User assignment': '办理人', Assignee: '办理人', 'Candidate groups': '候选组', 'Candidate users': '候选人', 'Due date': '到期时间', 'Follow up date': '跟进时间', Priority: '优先级',
  Implementation: '实现', Type: '类型', Topic: '主题（topic）', Forms: '表单', 'Form key': '表单键', 'Form reference': '表单引用', Inputs: '输入', Outputs: '输出',
  'Execution listeners': '执行监听器', 'Task listeners': '任务监听器', 'Extension properties': '扩展属性', 'History cleanup': '历史清理', 'Time to live': '保留期',
  Condition: '条件', 'Condition type': '条件类型', Expression: '表达式', 'Condition expression': '条件表达式', Timer: '定时器', 'Multi-instance': '多实例', Asynchronous: '异步',
  'External task': '外部任务', Variables: '变量', 'Start initiator': '发起人', 'Version tag': '版本标签', Executable: '可执行', 'Job execution': '作业执行',
  Errors: '错误', Escalations: '升级', Messages: '消息', Signals: '信号', Links: '链接', 'Call activity': '调用活动', Details: '详情', Task: '任务', 'User task': '用户任务',
  'Service task': '服务任务', 'User Task': '用户任务', 'Service Task': '服务任务', 'Start Event': '开始事件', 'End Event': '结束事件', 'Exclusive Gateway': '排他网关',
  'Sequence Flow': '顺序流', 'Boundary Event': '边界事件', Process: '流程', 'Asynchronous continuations': '异步延续', 'Before': '之前', 'After': '之后', 'Exclusive': '排他',
  'Exclusive gateway': '排他网关', 'Parallel gateway': '并行网关', 'Start event': '开始事件', 'End event': '结束事件', 'Sequence flow': '顺序流',
};

/** The translate service bpmn-js calls, replaced with one that speaks Chinese. */
export const zhTranslateModule = {
  translate: [
    'value',
    (template: string, replacements: Record<string, string> = {}) =>
      (BPMN_ZH[template] ?? template).replace(/{([^}]+)}/g, (_: string, key: string) => replacements[key] ?? `{${key}}`),
  ],
};
