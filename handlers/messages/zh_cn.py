"""简体中文 message catalogue (the default locale)."""

MESSAGES: dict[str, str] = {
    # roles
    "role.manager": "客户经理",
    "role.supervisor": "团队主管",
    "role.admin": "管理员",
    # /start
    "start.greeting": "您好,{name}!我是「客户经理助手」kehu 👋",
    "start.hint.manager": "直接发一句话就能记录拜访,也可以随时问我产品和政策问题。",
    "start.hint.supervisor": "您可以查看团队成员和团队情况,也可以像客户经理一样记录拜访、提问。",
    "start.hint.admin": "您可以管理人员与知识库,也可以使用全部查询功能。",
    "start.button.help": "📖 查看帮助",
    "start.button.whoami": "👤 我的信息",
    "stranger": (
        "您好!kehu 仅供示例银行员工使用,您的账号尚未开通。\n"
        "请向管理员索取邀请码,然后发送「/start 邀请码」完成绑定。"
    ),
    # /help
    "help.header": "📖 kehu 客户经理助手 · 可用命令",
    "help.line": "/{name} - {summary}",
    "help.footer": "💬 也可以直接发文字:问产品和政策问题,或描述一次客户拜访。",
    "cmd.start": "开始使用",
    "cmd.help": "查看帮助",
    "cmd.whoami": "我的信息",
    "cmd.customers": "我的客户",
    "cmd.members": "团队成员",
    "cmd.cancel": "取消当前操作",
    # commands
    "whoami.card": "👤 {name}({role})\n工号:{staff_no}\n所属:{unit}\n时区:{timezone}",
    "whoami.no_unit": "未分配",
    "customers.header": "您名下共有 {count} 位客户:",
    "customers.line": "{index}. {name}({tier}类){phone}",
    "customers.more": "……另有 {count} 位未列出",
    "customers.empty": "您名下还没有客户。记录一次拜访时会提示您新建客户。",
    "members.header": "{unit}({count} 人)",
    "members.line": "· {name}({role},工号 {staff_no})",
    "members.empty": "您目前没有负责的团队。如有疑问请联系管理员。",
    "cancel.done": "好的,已取消当前操作。",
    "cancel.nothing": "当前没有进行中的操作。",
    # routing
    "unknown_command": "没有 /{name} 这个命令。发送 /help 查看可用命令。",
    "fallback": "这条消息我暂时还不会处理。发送 /help 看看我能做什么。",
    "empty_message": "消息是空的。请输入文字,或发送 /help 查看可用命令。",
    "too_long": "消息太长了({length} 字),请控制在 {limit} 字以内,分几条发送。",
    "private_only": "这个功能涉及客户信息,请私聊我使用。",
    "forbidden_command": "抱歉,/{name} 仅限{roles}使用。如需开通请联系管理员。",
    "location.nothing": "已收到位置。目前没有可以关联的拜访记录,位置未保存。",
    "role_separator": "、",
    # errors
    "error.generic": "操作没有完成,请稍后再试。",
    "error.internal": "抱歉,处理这条消息时出错了,请稍后再试。问题已记录。",
    "error.storage_unavailable": "系统暂时繁忙(数据库无响应),您的消息未被处理,请稍后重新发送。",
    "error.not_found": "没有找到相关记录。",
    "error.forbidden": "抱歉,您没有权限进行这个操作。",
    "error.button_expired": "这个按钮已失效,请重新发起操作。",
    "error.button_not_yours": "这个按钮不是发给您的,无法操作。",
    "error.unknown_staff": "找不到人员「{who}」。",
    # console channel
    "console.welcome": "已以 {name}({role})身份进入控制台。输入 /help 查看命令,#数字 按按钮,@纬度,经度 发送位置,Ctrl-D 退出。",
    "console.image_saved": "🖼 图片已保存:{path}",
    "console.file_saved": "📎 文件已保存:{path}",
    "console.no_buttons": "当前没有可按的按钮。",
    "console.bad_button": "没有第 {number} 个按钮,可选 1 到 {count}。",
    "console.bad_location": "位置格式应为 @纬度,经度,例如 @31.23,121.47",
    "console.link": "(链接:{url})",
}
