/** The translation function of `pegaseTranslationRef`, from a hook or a snapshot. */
export type PickerT = (key: any, options?: any) => string;

/** "You may not … any …", said in the words of the permission. */
export function noneMessage(t: PickerT, permission: string): string {
  switch (permission) {
    case 'pegase.instance.remove':
      return t('picker.noneRemove');
    case 'pegase.instance.upgrade':
      return t('picker.noneUpgrade');
    case 'pegase.dbaas.create':
      return t('picker.noneDbaas');
    case 'pegase.kaas.create':
      return t('picker.noneKaas');
    case 'pegase.instance.create':
      return t('picker.noneOwner');
    default:
      return t('picker.noneOther', { permission });
  }
}
