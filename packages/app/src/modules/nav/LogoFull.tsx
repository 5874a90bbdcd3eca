import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  text: {
    color: '#7df3e1',
    fontSize: 22,
    fontWeight: 700,
    letterSpacing: 0.3,
    whiteSpace: 'nowrap',
  },
});

/** The portal's name, shown in the open sidebar. */
export const LogoFull = () => {
  const classes = useStyles();
  return <span className={classes.text}>Pégase Portal</span>;
};
