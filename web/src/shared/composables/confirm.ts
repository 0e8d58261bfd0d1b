// The confirm step before an act that cannot be undone: what will happen, in words, and a button
// that names the act. Resolves true when the person went ahead, false when they stepped back.

import { ElMessageBox } from 'element-plus'
import { i18n } from '../i18n'

export async function confirmAct(what: string, title: string, act: string): Promise<boolean> {
  try {
    await ElMessageBox.confirm(what, title, {
      confirmButtonText: act,
      cancelButtonText: i18n.global.t('common.cancel'),
      type: 'warning',
    })
    return true
  } catch {
    return false
  }
}
