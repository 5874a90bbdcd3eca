import { useState } from 'react';
import {
  Button,
  Dialog,
  DialogBody,
  DialogFooter,
  DialogHeader,
  Text,
} from '@backstage/ui';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { fleetTranslationRef } from '../../translations';

/**
 * A button whose action runs only once confirmed in a dialog (abort, roll
 * back: both close or open change requests).
 */
export function ConfirmButton(props: {
  label: string;
  title: string;
  body: string;
  confirmLabel: string;
  isPending?: boolean;
  isDisabled?: boolean;
  onConfirm: () => void;
}) {
  const { t } = useTranslationRef(fleetTranslationRef);
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        size="small"
        variant="secondary"
        isPending={props.isPending}
        isDisabled={props.isDisabled}
        onPress={() => setOpen(true)}
      >
        {props.label}
      </Button>
      <Dialog isOpen={open} onOpenChange={setOpen} isDismissable>
        <DialogHeader>{props.title}</DialogHeader>
        <DialogBody>
          <Text>{props.body}</Text>
        </DialogBody>
        <DialogFooter>
          <Button variant="secondary" onPress={() => setOpen(false)}>
            {t('rollouts.actions.cancel')}
          </Button>
          <Button
            variant="primary"
            onPress={() => {
              setOpen(false);
              props.onConfirm();
            }}
          >
            {props.confirmLabel}
          </Button>
        </DialogFooter>
      </Dialog>
    </>
  );
}
