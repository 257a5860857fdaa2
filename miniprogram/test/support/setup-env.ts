// Pages and the cloud client read the target from TARO_ENV as the H5 build defines it.
process.env.TARO_ENV = 'h5';
process.env.TCB_ENV_ID = 'demo-partner-desk';
