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
  'Parallel multi-instance': '并行多实例', 'Sequential multi-instance': '串行多实例', Loop: '循环', 'Send task': '发送任务', 'Receive task': '接收任务', 'Manual task': '手工任务',
  'Business rule task': '业务规则任务', 'Script task': '脚本任务', 'Sub-process (collapsed)': '子流程（折叠）', 'Sub-process (expanded)': '子流程（展开）',
  'Ad-hoc sub-process (collapsed)': '自由子流程（折叠）', 'Ad-hoc sub-process (expanded)': '自由子流程（展开）', 'Event sub-process': '事件子流程', Transaction: '事务', Search: '搜索',
  'Open pop-up editor': '在弹窗中编辑', 'Intermediate throw event': '中间抛出事件', 'Message start event': '消息开始事件', 'Timer start event': '定时开始事件',
  'Conditional start event': '条件开始事件', 'Signal start event': '信号开始事件', 'Message intermediate catch event': '消息中间捕获事件', 'Message intermediate throw event': '消息中间抛出事件',
  'Timer intermediate catch event': '定时中间捕获事件', 'Escalation intermediate throw event': '升级中间抛出事件', 'Conditional intermediate catch event': '条件中间捕获事件',
  'Link intermediate catch event': '链接中间捕获事件', 'Link intermediate throw event': '链接中间抛出事件', 'Compensation intermediate throw event': '补偿中间抛出事件',
  'Signal intermediate catch event': '信号中间捕获事件', 'Signal intermediate throw event': '信号中间抛出事件', 'Message end event': '消息结束事件', 'Escalation end event': '升级结束事件',
  'Error end event': '错误结束事件', 'Cancel end event': '取消结束事件', 'Compensation end event': '补偿结束事件', 'Signal end event': '信号结束事件', 'Terminate end event': '终止结束事件',
  'Section contains edits': '本节有修改', 'Toggle section': '展开/收起', 'This maps to the process definition key.': '即流程定义的键（key）。',
  'Specify more than one group as a comma separated list.': '多个组用逗号分隔。', 'Specify more than one user as a comma separated list.': '多个用户用逗号分隔。',
  Create: '新建', 'Create new list item': '新增一项', '<none>': '<无>', External: '外部任务', 'Java class': 'Java 类', 'Delegate expression': '委托表达式', Connector: '连接器',
  'Field injections': '字段注入', 'The due date as an EL expression (e.g. ${someDate}) or an ISO date (e.g. 2015-06-26T09:54:00).': '到期时间：EL 表达式（如 ${someDate}）或 ISO 日期（如 2015-06-26T09:54:00）。',
  'The follow up date as an EL expression (e.g. ${someDate}) or an ISO date (e.g. 2015-06-26T09:54:00).': '跟进时间：EL 表达式（如 ${someDate}）或 ISO 日期（如 2015-06-26T09:54:00）。',
  'Camunda Forms': 'Camunda 表单', 'Embedded or External Task Forms': '嵌入或外部表单', 'Generated Task Forms': '生成的表单', Date: '日期', Duration: '时长', Cycle: '周期', Value: '值',
  Tasklist: '任务列表', 'Candidate starter': '可发起人', 'Candidate starter groups': '可发起组', 'Candidate starter users': '可发起用户', Startable: '可发起', 'Retry time cycle': '重试周期',
  'Inclusive gateway': '包容网关', 'Complex gateway': '复杂网关', 'Event-based gateway': '事件网关', 'Data object reference': '数据对象', 'Data store reference': '数据存储',
};

/** The translate service bpmn-js calls, replaced with one that speaks Chinese. */
export const zhTranslateModule = {
  translate: [
    'value',
    (template: string, replacements: Record<string, string> = {}) =>
      (BPMN_ZH[template] ?? template).replace(/{([^}]+)}/g, (_: string, key: string) => replacements[key] ?? `{${key}}`),
  ],
};
