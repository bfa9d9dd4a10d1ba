import { onMounted, onUnmounted, ref, type Ref } from 'vue';

/** The width below which pages lay out for a phone. */
export const PHONE_QUERY = '(max-width: 768px)';

/** Whether the window is phone-sized now, kept up to date while the component lives. */
export function usePhone(): Ref<boolean> {
  const media = window.matchMedia(PHONE_QUERY);
  const phone = ref(media.matches);
  const onChange = () => (phone.value = media.matches);
  onMounted(() => media.addEventListener('change', onChange));
  onUnmounted(() => media.removeEventListener('change', onChange));
  return phone;
}
