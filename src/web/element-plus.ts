import {
  ElAlert, ElAside, ElButton, ElConfigProvider, ElContainer, ElDialog, ElDrawer, ElEmpty, ElForm, ElFormItem, ElHeader, ElInput,
  ElLoading, ElMain, ElMenu, ElMenuItem, ElMenuItemGroup, ElOption, ElSelect, ElStep, ElSteps, ElTag, ElText, ElTimeline, ElTimelineItem,
  ElBadge, ElCheckbox, ElCheckboxGroup, ElCollapse, ElCollapseItem, ElDatePicker, ElDropdown, ElDropdownItem, ElDropdownMenu, ElPagination, ElTabPane, ElTabs, ElTable, ElTableColumn, ElProgress,
} from 'element-plus';
import type { App } from 'vue';

/** The Element Plus components the pages use, registered one by one so the bundle carries only these. */
const COMPONENTS = [
  ElAlert, ElAside, ElButton, ElConfigProvider, ElContainer, ElDialog, ElDrawer, ElEmpty, ElForm, ElFormItem, ElHeader, ElInput,
  ElMain, ElMenu, ElMenuItem, ElMenuItemGroup, ElOption, ElSelect, ElStep, ElSteps, ElTag, ElText, ElTimeline, ElTimelineItem,
  ElBadge, ElCheckbox, ElCheckboxGroup, ElCollapse, ElCollapseItem, ElDatePicker, ElDropdown, ElDropdownItem, ElDropdownMenu, ElPagination, ElTabPane, ElTabs, ElTable, ElTableColumn, ElProgress,
];

export function useElementPlus(app: App): void {
  for (const component of COMPONENTS) app.use(component);
  app.use(ElLoading);
}
