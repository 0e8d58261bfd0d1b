// The message catalogues: Simplified Chinese first, English complete. Plain words: teachers,
// not clinicians. Every string a user reads comes from here.
export const zhCN = {
  app: { name: '心桥', workbench: '心桥 · 工作台', student: '心桥 · 学生' },
  signIn: {
    title: '登录',
    login: '登录名',
    password: '密码',
    totp: '动态验证码',
    totpHint: '打开验证器 App，输入当前显示的 6 位数字',
    submit: '登录',
    next: '下一步',
    studentNumber: '学籍号',
    code: '登录码',
    codeHint: '班主任发的登录码，不区分大小写',
    signOut: '退出登录',
    expired: '登录已过期，请重新登录',
  },
  shell: { scope: '当前范围', role: '角色', home: '首页', welcome: '你好，{name}' },
  roles: {
    admin: '管理员', auditor: '审计员', bureau_staff: '教育局', school_leader: '校领导',
    psychology_teacher: '心理教师', grade_lead: '年级长', class_teacher: '班主任', peer_observer: '心理委员',
    student: '学生', guardian: '家长', hospital_partner: '医院', hotline_operator: '热线',
  },
  student: { hello: '你好，{name}', nothingYet: '现在没有需要完成的问卷。', classOf: '{school} {grade} {klass}' },
  errors: {
    network: '连不上服务器，请检查网络后再试。',
    wrongCredentials: '登录名或密码不对，请再试一次。',
    wrongCode: '学籍号或登录码不对，请核对后再试，或请班主任重新打印。',
    locked: '尝试次数太多，请稍后再试。',
    generic: '出了点问题，请稍后再试；如果一直这样，请联系管理员。',
  },
  lang: { switch: 'English' },
}

export type Messages = typeof zhCN

export const en: Messages = {
  app: { name: 'Xinqiao', workbench: 'Xinqiao · Workbench', student: 'Xinqiao · Students' },
  signIn: {
    title: 'Sign in',
    login: 'Login',
    password: 'Password',
    totp: 'Authenticator code',
    totpHint: 'Open your authenticator app and enter the 6 digits it shows',
    submit: 'Sign in',
    next: 'Next',
    studentNumber: 'Student number',
    code: 'Sign-in code',
    codeHint: 'The code from your class teacher; upper or lower case both work',
    signOut: 'Sign out',
    expired: 'Your session has ended; please sign in again',
  },
  shell: { scope: 'Scope', role: 'Role', home: 'Home', welcome: 'Hello, {name}' },
  roles: {
    admin: 'Administrator', auditor: 'Auditor', bureau_staff: 'Education bureau', school_leader: 'School leader',
    psychology_teacher: 'Psychology teacher', grade_lead: 'Grade lead', class_teacher: 'Class teacher',
    peer_observer: 'Peer observer', student: 'Student', guardian: 'Guardian', hospital_partner: 'Hospital',
    hotline_operator: 'Hotline',
  },
  student: { hello: 'Hello, {name}', nothingYet: 'You have no questionnaires to answer right now.', classOf: '{school} {grade} {klass}' },
  errors: {
    network: 'Cannot reach the server; check the network and try again.',
    wrongCredentials: 'The login or the password is wrong; please try again.',
    wrongCode: 'The student number or the code is wrong; check them, or ask your class teacher for a new sheet.',
    locked: 'Too many attempts; please try again later.',
    generic: 'Something went wrong; please try again later, and tell an administrator if it keeps happening.',
  },
  lang: { switch: '中文' },
}
