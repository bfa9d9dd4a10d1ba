import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';

/** Element Plus's toasts and confirmation boxes, with their styles (pages import components one by one). */
export { ElMessage, ElMessageBox } from 'element-plus';
