import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  text: {
    color: '#7df3e1',
    fontSize: 24,
    fontWeight: 700,
  },
});

/** The portal's initial, shown in the collapsed sidebar. */
export const LogoIcon = () => {
  const classes = useStyles();
  return <span className={classes.text}>P</span>;
};
