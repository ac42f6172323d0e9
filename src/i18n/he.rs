//! Hebrew client sentences (right to left). Same keys as `en.rs`; technical
//! names (SPF, DKIM, DMARC...) stay as they are written in DNS.

pub const CATALOGUE: &[(&str, &str)] = &[
    // Page shell
    ("page.prepared_for", "הוכן עבור {client}"),
    ("page.prepared_by", "הוכן על ידי {name}"),
    ("page.generated", "הופק בתאריך {date}"),
    ("page.client_label", "לקוח"),
    ("page.prepared_by_label", "הוכן על ידי"),
    ("page.generated_label", "הופק"),
    ("page.logo_alt", "לוגו"),
    (
        "page.footer",
        "כל נתון בדוח זה מגיע מהקלטים שצוינו בו; דבר אינו מוערך אלא אם החישוב מוצג לצידו. הופק באמצעות mailaudit {version}.",
    ),
    ("page.summary", "תקציר"),
    ("page.appendix", "נספח: פרטים טכניים"),
    (
        "page.explain",
        "לפרטים הטכניים של בעיה, הריצו: mailaudit explain {code}",
    ),
    // Traffic light and per-check states
    ("light.ok", "תקין"),
    ("light.at_risk", "בסיכון"),
    ("light.failing", "כושל"),
    ("light.incomplete", "לא הושלם"),
    ("state.pass", "עובר"),
    ("state.warning", "אזהרה"),
    ("state.fail", "נכשל"),
    ("state.unknown", "לא ידוע"),
    ("state.not_checked", "לא נבדק"),
    ("state.missing", "לא הוגדר"),
    ("col.check", "בדיקה"),
    ("state.met", "מתקיים"),
    ("state.not_met", "לא מתקיים"),
    ("sev.error", "בעיה"),
    ("sev.warning", "אזהרה"),
    ("sev.info", "הערה"),
    // check
    ("check.title_one", "בדיקת מסירות דואר: {domain}"),
    ("check.title_many", "בדיקת מסירות דואר: {count} דומיינים"),
    ("check.title_message", "בדיקת הודעת קמפיין"),
    (
        "check.verdict.ok",
        "הדומיין {domain} מוגדר היטב: שרתי הדואר המקבלים יכולים לאמת את הדואר שלו ולא נמצא דבר שחוסם מסירה.",
    ),
    (
        "check.verdict.at_risk",
        "הדומיין {domain} יכול לשלוח דואר, אך יש בו בעיות ששולחות דואר לספאם או מאפשרות לאחרים להתחזות אליו.",
    ),
    (
        "check.verdict.failing",
        "בדומיין {domain} יש בעיות שמונעות מסירה של הדואר שלו או את האמון בו.",
    ),
    (
        "check.verdict.incomplete",
        "חלק מהבדיקות של {domain} לא הושלמו כי שאילתות DNS נכשלו; שום בדיקה לא נחשבה כעוברת.",
    ),
    (
        "check.portfolio_verdict",
        "מתוך {total} דומיינים: {failing} כושלים, {at_risk} בסיכון, {incomplete} לא הושלמו, {ok} תקינים.",
    ),
    ("check.worst", "הדחוף ביותר: {problem}"),
    ("check.worst_in", "הדחוף ביותר ({domain}): {problem}"),
    ("check.nothing_urgent", "אין בעיה שדורשת טיפול כעת."),
    (
        "check.period",
        "נבדק בתאריך {date}, לפי רשומות ה-DNS הציבוריות של כל דומיין.",
    ),
    ("check.grid", "הבדיקות במבט אחד"),
    ("check.overview", "כל הדומיינים"),
    ("check.details", "כל דומיין בנפרד"),
    (
        "check.checklist",
        "דרישות השולחים בכמות גדולה של Gmail, Yahoo ו-Microsoft",
    ),
    ("check.guidelines", "הכללים של הספקים עצמם:"),
    ("check.fixes", "מה לתקן"),
    ("check.no_fixes", "אין מה לתקן."),
    ("check.fix.publish", "פרסמו את רשומת ה-DNS הזו:"),
    ("check.fix.replace", "החליפו את הרשומה בשם הזה ב:"),
    ("check.fix.serve", "והגישו את הקובץ הזה בכתובת {url}:"),
    (
        "check.fix.dkim",
        "הפעילו חתימת DKIM בכל שירות ששולח דואר בשם {domain}. כל שירות נותן רשומת מפתח לפרסום תחת _domainkey.{domain}; פרסמו אותה בדיוק כפי שניתנה.",
    ),
    ("check.fix.delist", "לאחר תיקון הסיבה, בקשו הסרה:"),
    ("check.fix.general", "מה לעשות:"),
    ("check.records", "הרשומות שנמצאו"),
    ("check.findings", "כל הממצאים"),
    ("check.method", "שיטה"),
    (
        "check.method_text",
        "כל דומיין נבדק לפי רשומות ה-DNS הציבוריות שלו: SPF, מפתחות DKIM בבוררים מוכרים, DMARC, MX, MTA-STS, TLS-RPT, BIMI ורשימות החסימה העיקריות. שאילתה שנכשלה מוצגת כלא ידועה, לעולם לא כעוברת.",
    ),
    ("check.notes", "הערות"),
    ("col.domain", "דומיין"),
    ("col.verdict", "מצב"),
    ("col.worst", "הבעיה הדחופה ביותר"),
    ("col.requirement", "דרישה"),
    ("col.required_by", "נדרש על ידי"),
    ("col.status", "סטטוס"),
    ("col.severity", "חומרה"),
    ("col.finding", "ממצא"),
    ("col.evidence", "מה נמצא"),
    ("col.code", "קוד"),
    ("col.name", "שם"),
    ("col.type", "סוג"),
    ("col.value", "ערך"),
    ("grid.spf", "SPF"),
    ("grid.dkim", "DKIM"),
    ("grid.dmarc", "DMARC"),
    ("grid.mx", "MX"),
    ("grid.blocklist", "רשימות חסימה"),
    ("grid.mta_sts", "MTA-STS"),
    ("grid.tls_rpt", "TLS-RPT"),
    ("grid.bimi", "BIMI"),
    ("req.spf", "רשומת SPF מפורסמת ותקינה"),
    ("req.dkim", "מפתח DKIM מפורסם (1024 ביט ומעלה)"),
    ("req.dmarc", "רשומת DMARC מפורסמת (p=none או חזקה יותר)"),
    ("req.rdns", "לשרתי השליחה יש DNS ישיר והפוך תואמים"),
    ("req.alignment", "התאמת DMARC של דומיין השולח (From:) ל-SPF או ל-DKIM"),
    ("req.one_click", "הסרה מרשימת תפוצה בלחיצה אחת בדואר שיווקי"),
    ("req.complaints", "שיעור תלונות ספאם מתחת ל-0.3% (Gmail: יעד 0.1%)"),
    ("req.tls", "TLS בכל חיבור"),
    ("consequence.domain", "אי אפשר למסור או לאמת דואר מהשם הזה כלל."),
    (
        "consequence.blocklist",
        "שרתים שמשתמשים ברשימה זו דוחים את הדואר שלכם או מסמנים אותו כספאם.",
    ),
    (
        "consequence.spf",
        "השרתים המקבלים אינם יכולים לוודא שהשרתים שלכם רשאים לשלוח בשם הדומיין, ולכן יותר דואר מגיע לספאם או נדחה.",
    ),
    (
        "consequence.dkim",
        "הדואר אינו חתום, ולכן Gmail,‏ Yahoo ו-Microsoft עלולים לדחות דואר בכמות גדולה או לסמן אותו כספאם.",
    ),
    (
        "consequence.dmarc",
        "כל אחד יכול לשלוח דואר שנראה כאילו נשלח מכם, ודואר בכמות גדולה ל-Gmail,‏ Yahoo ו-Microsoft בסיכון.",
    ),
    (
        "consequence.rdns",
        "Gmail ו-Yahoo אינם סומכים על שרתים ששמם אינו תואם את כתובתם.",
    ),
    ("consequence.mx", "תשובות והודעות החזרה לדומיין עלולות לא להגיע."),
    ("consequence.bimi", "הלוגו שלכם אינו מוצג ליד הדואר שלכם."),
    (
        "consequence.mta_sts",
        "דואר שנשלח אליכם עלול להיקרא או להיות מוסט בדרך.",
    ),
    ("consequence.dane", "דואר שנשלח אליכם עלול להיקרא או להיות מוסט בדרך."),
    (
        "consequence.tls_rpt",
        "לא תקבלו דיווח כשדואר אליכם לא מגיע בצורה מאובטחת.",
    ),
    ("consequence.dns", "חלק זה לא נבדק עד הסוף; התוצאה לא ידועה, לא עוברת."),
    ("consequence.message", "סביר יותר שהודעה זו תסומן כספאם או תידחה."),
    ("consequence.other", "זה פוגע במסירה או באמון."),
    ("changes.title", "מאז הבדיקה הקודמת"),
    (
        "changes.summary",
        "{new} בעיות חדשות, {fixed} תוקנו, {unchanged} ללא שינוי.",
    ),
    ("changes.new", "בעיות חדשות"),
    ("changes.fixed", "תוקנו"),
    ("changes.unverified", "לא נראו עוד, אך לא אושר שתוקנו (שאילתות נכשלו)"),
    ("changes.since", "מאז {date}"),
    (
        "changes.summary_moved",
        "{new} בעיות חדשות, {fixed} תוקנו, {moved} נתונים השתנו.",
    ),
    ("changes.moved", "נתונים שהשתנו"),
    ("changes.figure", "נתון"),
    ("changes.before", "לפני"),
    ("changes.now", "עכשיו"),
    ("changes.better", "השתפר"),
    ("changes.worse", "הורע"),
    // One sentence per finding code, for reports in other languages than
    // the check's own English message.
    (
        "finding.spf.missing",
        "אין רשומת SPF: השרתים המקבלים אינם יכולים לדעת אילו שרתים רשאים לשלוח דואר בשם הדומיין.",
    ),
    (
        "finding.spf.multiple_records",
        "יש יותר מרשומת SPF אחת: השרתים המקבלים מתייחסים ל-SPF כשבור.",
    ),
    (
        "finding.spf.syntax",
        "ברשומת ה-SPF יש שגיאה שהשרתים המקבלים אינם יכולים לעבור.",
    ),
    (
        "finding.spf.lookup_limit",
        "רשומת ה-SPF דורשת יותר מ-10 שאילתות DNS, ולכן השרתים המקבלים מפסיקים לבדוק אותה.",
    ),
    (
        "finding.spf.void_limit",
        "יותר מדי שאילתות SPF אינן מוצאות דבר, ולכן השרתים המקבלים מפסיקים לבדוק אותה.",
    ),
    (
        "finding.spf.permissive_all",
        "רשומת ה-SPF מתירה לכל שרת בעולם לשלוח בשם הדומיין.",
    ),
    (
        "finding.spf.weak_all",
        "רשומת ה-SPF אינה מסמנת דואר משרתים שאינם ברשימה.",
    ),
    (
        "finding.spf.no_all",
        "רשומת ה-SPF אינה אומרת מה לעשות עם שרתים שאינם ברשימה.",
    ),
    (
        "finding.dmarc.missing",
        "אין רשומת DMARC: אפשר להתחזות לדומיין, ודרישות השולחים בכמות גדולה אינן מתקיימות.",
    ),
    (
        "finding.dmarc.multiple_records",
        "יש יותר מרשומת DMARC אחת: השרתים המקבלים מתעלמים מ-DMARC.",
    ),
    (
        "finding.dmarc.syntax",
        "ברשומת ה-DMARC יש שגיאה שהשרתים המקבלים אינם יכולים לעבור.",
    ),
    (
        "finding.dmarc.policy_none",
        "מדיניות ה-DMARC רק מנטרת: דואר שמתחזה לדומיין עדיין נמסר.",
    ),
    ("finding.dmarc.pct", "מדיניות ה-DMARC חלה רק על חלק מהדואר."),
    (
        "finding.dmarc.no_rua",
        "רשומת ה-DMARC אינה מבקשת דוחות, ולכן איש אינו רואה מי שולח בשם הדומיין.",
    ),
    ("finding.dkim.missing", "לא נמצא מפתח DKIM: הדואר אינו חתום."),
    ("finding.dkim.weak_key", "מפתח DKIM קצר מכדי שאפשר יהיה לסמוך עליו."),
    ("finding.dkim.short_key", "מפתח DKIM קצר מ-2048 הביט המומלצים כיום."),
    (
        "finding.dkim.unknown",
        "לא נמצא מפתח DKIM בשמות המקובלים; השירות ששולח את הדואר יודע את שמו.",
    ),
    ("finding.mx.missing", "לא פורסם שרת דואר לדומיין."),
    (
        "finding.mx.unresolvable",
        "לשרת הדואר {subject} אין כתובת IP, ולכן אי אפשר למסור אליו דואר.",
    ),
    ("finding.mta_sts.missing", "דואר שנשלח לדומיין אינו מוגן ב-MTA-STS."),
    (
        "finding.mta_sts.policy_unreachable",
        "אי אפשר להוריד את קובץ המדיניות של MTA-STS.",
    ),
    (
        "finding.mta_sts.testing",
        "MTA-STS רק מדווח על בעיות; הוא עדיין אינו מגן על הדואר.",
    ),
    (
        "finding.tls_rpt.missing",
        "אין כתובת לדיווחי TLS: מסירות מאובטחות שנכשלו אינן מדווחות.",
    ),
    (
        "finding.bimi.dmarc_not_enforced",
        "הלוגו (BIMI) לא יוצג עד שמדיניות ה-DMARC תיאכף.",
    ),
    (
        "finding.blocklist.listed",
        "{subject} מופיע ברשימת חסימה (רשימה שחורה).",
    ),
    (
        "finding.blocklist.unknown",
        "לא ניתן היה לבדוק רשימת חסימה; התוצאה לא ידועה.",
    ),
    (
        "finding.rdns.missing",
        "לשרת השליחה {subject} אין שם ב-DNS ההפוך (רשומת PTR).",
    ),
    (
        "finding.rdns.mismatch",
        "השם של שרת השליחה {subject} ב-DNS ההפוך אינו מפנה בחזרה לכתובת שלו.",
    ),
    ("finding.dns.temperror", "שאילתת DNS נכשלה, ולכן חלק מהדומיין לא נבדק."),
    ("finding.domain.not_found", "הדומיין אינו קיים ב-DNS: בדקו את האיות."),
    // What to do, per finding code without a record to publish (other languages).
    (
        "fix.spf.multiple_records",
        "אחדו את רשומות ה-SPF לרשומה אחת שמפרטת כל שירות ששולח בשם הדומיין.",
    ),
    (
        "fix.spf.syntax",
        "תקנו את רשומת ה-SPF; הנספח מראה את החלק שהשרתים המקבלים אינם יכולים לקרוא.",
    ),
    (
        "fix.spf.lookup_limit",
        "הסירו הכללות של שירותים שכבר אינכם משתמשים בהם, או החליפו אותן בכתובות שהן מייצגות, עד שהרשומה דורשת 10 שאילתות או פחות.",
    ),
    (
        "fix.spf.void_limit",
        "הסירו מרשומת ה-SPF הכללות ושמות שכבר אינם קיימים.",
    ),
    ("fix.dmarc.multiple_records", "השאירו רשומת DMARC אחת ומחקו את האחרות."),
    (
        "fix.dmarc.syntax",
        "תקנו את רשומת ה-DMARC; הנספח מראה את החלק שהשרתים המקבלים אינם יכולים לקרוא.",
    ),
    (
        "fix.dkim.weak_key",
        "בקשו משירות השליחה מפתח חדש של 2048 ביט, פרסמו אותו ואז הסירו את הישן.",
    ),
    (
        "fix.dkim.short_key",
        "כששירות השליחה מאפשר זאת, עברו למפתח של 2048 ביט.",
    ),
    (
        "fix.dkim.unknown",
        "בקשו מכל שירות ששולח את הדואר שלכם את בורר ה-DKIM שלו, כדי שאפשר יהיה לבדוק אותו.",
    ),
    (
        "fix.mx.missing",
        "פרסמו את שרתי הדואר שמקבלים דואר לדומיין, או רשומת MX ריקה אם אינו מקבל דואר.",
    ),
    (
        "fix.mx.unresolvable",
        "תנו לשרת הדואר כתובת, או הסירו אותו מרשומות ה-MX.",
    ),
    (
        "fix.mta_sts.policy_unreachable",
        "דאגו שקובץ המדיניות יהיה זמין ב-HTTPS עם תעודה תקפה, או הסירו את רשומת ה-MTA-STS.",
    ),
    (
        "fix.mta_sts.testing",
        "כשהדוחות אינם מראים כשלים, שנו את מצב המדיניות ל-enforce.",
    ),
    (
        "fix.blocklist.listed",
        "מצאו ועצרו את הסיבה (חשבון פרוץ, רשימות קנויות, שרת מוגדר לא נכון), ואז בקשו הסרה.",
    ),
    (
        "fix.rdns.missing",
        "בקשו ממי שמפעיל את שרת השליחה להגדיר לו שם ב-DNS ההפוך שמפנה בחזרה אליו.",
    ),
    (
        "fix.rdns.mismatch",
        "דאגו ששם ה-DNS ההפוך של שרת השליחה יפנה בחזרה לכתובת שלו.",
    ),
    (
        "fix.dns.temperror",
        "הריצו את הבדיקה שוב מאוחר יותר; אם היא ממשיכה להיכשל, שאלו את ספק ה-DNS מדוע השאילתה נכשלת.",
    ),
    // Findings and fixes of the remaining codes: every code has both (a
    // test iterates the registry). `{domain}` is the audited domain,
    // `{subject}` what the finding is about (a mail server, an address).
    // U+200E (left-to-right mark) keeps a leading ~ or - on the left of
    // the SPF term it belongs to.
    (
        "finding.domain.nonexistent_policy",
        "דואר שמתחזה לשם {domain}, שאינו קיים ב-DNS, נבחן לפי מדיניות ה-DMARC של הדומיין הארגוני.",
    ),
    (
        "finding.domain.nothing_checked",
        "לא ניתן היה לבדוק דבר עבור {domain}: כל שאילתות ה-DNS נכשלו.",
    ),
    (
        "finding.spf.include_loop",
        "רשומת ה-SPF של {domain} מפנה בלולאה חזרה לעצמה, ולכן בדיקת ה-SPF נכשלת.",
    ),
    (
        "finding.spf.ptr",
        "רשומת ה-SPF של {domain} משתמשת במנגנון ptr, ששרתים מקבלים עשויים להתעלם ממנו.",
    ),
    (
        "finding.spf.ip_not_authorized",
        "שרת השליחה {subject} אינו מורשה ברשומת ה-SPF של {domain}.",
    ),
    (
        "finding.dmarc.external_rua_unauthorized",
        "דוחות ה-DMARC של {domain} נשלחים אל {subject}, שלא אישר ב-DNS לקבל אותם, ולכן הם אובדים.",
    ),
    (
        "finding.dmarc.testing",
        "מדיניות ה-DMARC של {domain} במצב בדיקה, ולכן אינה נאכפת במלואה.",
    ),
    (
        "finding.dmarc.removed_tag",
        "ברשומת ה-DMARC יש תגיות שהוסרו מהתקן העדכני; שרתים מקבלים עשויים להתעלם מהן.",
    ),
    (
        "finding.dmarc.org_domain_differs",
        "שרתים מקבלים עשויים לחלוק על השאלה איזו מדיניות DMARC חלה על {domain}.",
    ),
    (
        "finding.dmarc.unknown_tag",
        "ברשומת ה-DMARC יש תגיות ששרתים מקבלים אינם מכירים (אולי שגיאת הקלדה?).",
    ),
    (
        "finding.dkim.testing",
        "מפתח DKIM מוגדר במצב בדיקה, ולכן שרתים מקבלים עשויים להתייחס לדואר כאל דואר לא חתום.",
    ),
    (
        "finding.dkim.revoked",
        "מפתח DKIM בוטל: דואר שנחתם בו נכשל באימות DKIM.",
    ),
    (
        "finding.dkim.syntax",
        "אי אפשר לקרוא רשומה של מפתח DKIM, ולכן חתימות שנעשו בו נכשלות.",
    ),
    (
        "finding.dkim.unused_key",
        "מפתח DKIM אינו מופיע בדוחות ה-DMARC; ייתכן שאיש כבר אינו משתמש בו.",
    ),
    (
        "finding.mx.null",
        "הדומיין {domain} מצהיר שאינו מקבל דואר (Null MX): תשובות והודעות החזרה אליו נדחות.",
    ),
    (
        "finding.mx.cname",
        "שרת הדואר {subject} מוגדר ככינוי (CNAME), וחלק מהשרתים השולחים מסרבים למסור אליו.",
    ),
    (
        "finding.mta_sts.syntax",
        "אי אפשר לקרוא את רשומת ה-MTA-STS, ולכן שרתים שולחים מתעלמים מהמדיניות.",
    ),
    (
        "finding.mta_sts.policy_invalid",
        "קובץ המדיניות של MTA-STS אינו תקין, ולכן שרתים שולחים מתעלמים ממנו.",
    ),
    (
        "finding.mta_sts.mx_mismatch",
        "שרת הדואר {subject} אינו מכוסה במדיניות ה-MTA-STS, ולכן שרתים שאוכפים אותה עלולים שלא למסור אליו דואר.",
    ),
    (
        "finding.mta_sts.max_age_short",
        "השרתים השולחים שומרים את מדיניות ה-MTA-STS פחות מיממה, ולכן ההגנה שהיא נותנת מועטה.",
    ),
    (
        "finding.dane.present",
        "שרת הדואר {subject} מפרסם רשומות DANE: מסירת דואר אליו מוגנת.",
    ),
    (
        "finding.dane.invalid_record",
        "אחת מרשומות ה-DANE (TLSA) של שרת הדואר {subject} אינה שמישה.",
    ),
    (
        "finding.dane.unsigned",
        "רשומות ה-DANE של שרת הדואר {subject} אינן חתומות ב-DNSSEC, ולכן שרתים שולחים מתעלמים מהן.",
    ),
    (
        "finding.tls_rpt.syntax",
        "אי אפשר לקרוא את רשומת ה-TLS-RPT, ולכן לא מתקבלים דוחות.",
    ),
    (
        "finding.bimi.syntax",
        "אי אפשר לקרוא את רשומת ה-BIMI, ולכן הלוגו אינו מוצג.",
    ),
    (
        "finding.blocklist.query_refused",
        "רשימת חסימה סירבה לענות לשאילתה, ולכן לא ידוע אם הכתובת רשומה בה.",
    ),
    (
        "finding.blocklist.range_not_looked_up",
        "טווח כתובות שמופיע ברשומת ה-SPF לא נבדק מול רשימות החסימה.",
    ),
    ("finding.message.dkim_missing", "ההודעה אינה חתומה ב-DKIM."),
    ("finding.message.dkim_invalid", "חתימת DKIM של ההודעה אינה עוברת אימות."),
    (
        "finding.message.dkim_weak_key",
        "ההודעה חתומה במפתח DKIM קצר מ-1024 ביט, ששרתים מקבלים מתעלמים ממנו.",
    ),
    (
        "finding.message.dkim_body_length",
        "חתימת ה-DKIM מכסה רק חלק מגוף ההודעה, כך שאפשר להוסיף לה תוכן בלי לפגוע בחתימה.",
    ),
    (
        "finding.message.dkim_headers_unsigned",
        "כותרות חשובות אינן מכוסות בחתימת ה-DKIM, ואפשר לשנות אותן.",
    ),
    (
        "finding.message.dkim_unaligned",
        "אין חתימת DKIM תקפה שתואמת לדומיין השולח (From).",
    ),
    (
        "finding.message.spf_unaligned",
        "דומיין ההחזרה (Return-Path) אינו תואם לדומיין השולח (From), ולכן SPF אינו נספר לטובת DMARC.",
    ),
    ("finding.message.dmarc_fail", "ההודעה תיכשל באימות DMARC."),
    (
        "finding.message.unsubscribe_missing",
        "אין בהודעה כותרת List-Unsubscribe להסרה מרשימת התפוצה.",
    ),
    (
        "finding.message.one_click_missing",
        "ההסרה בלחיצה אחת (One-Click) אינה מוגדרת במלואה.",
    ),
    (
        "finding.message.unsubscribe_unsigned",
        "כותרות ההסרה מרשימת התפוצה אינן מכוסות בחתימת DKIM תקפה.",
    ),
    (
        "finding.message.syntax",
        "ההודעה אינה בנויה כהודעת דואר תקינה (RFC 5322).",
    ),
    (
        "finding.message.no_text_part",
        "להודעה יש גרסת HTML בלבד, בלי גרסת טקסט רגיל.",
    ),
    (
        "finding.message.too_large",
        "גודל ה-HTML עולה על 102KB, ולכן Gmail קוטע את ההודעה.",
    ),
    (
        "finding.message.from_display_spoof",
        "שם התצוגה של השולח מציג כתובת של דומיין אחר.",
    ),
    (
        "finding.message.link_listed",
        "הדומיין {subject} שבקישור רשום ברשימת חסימה של דומיינים.",
    ),
    (
        "finding.message.link_shortener",
        "קישור עובר דרך מקצר הכתובות {subject}, שמסתיר לאן הוא מוביל.",
    ),
    (
        "finding.message.il_subject_label",
        "שורת הנושא אינה מתחילה במילה \"פרסומת\", כנדרש בדבר פרסומת לפי סעיף 30א לחוק התקשורת.",
    ),
    (
        "finding.message.sender_identity_missing",
        "לא נמצאו בהודעה שם המפרסם או פרטי ההתקשרות שלו.",
    ),
    (
        "finding.message.opt_out_missing",
        "אין בהודעה דרך לסרב לקבלת דיוורים נוספים.",
    ),
    (
        "finding.message.postal_address_missing",
        "לא נמצאה בהודעה כתובת דואר פיזית (נדרשת לפי CAN-SPAM).",
    ),
    (
        "fix.domain.not_found",
        "תקנו את איות הדומיין, או רשמו אותו לפני ששולחים ממנו דואר.",
    ),
    (
        "fix.domain.nonexistent_policy",
        "כדי להגן על כל שם שאינו קיים, הוסיפו np=reject לרשומת ה-DMARC של הדומיין הארגוני.",
    ),
    (
        "fix.domain.nothing_checked",
        "בדקו את החיבור לרשת ואת שרת ה-DNS, והריצו את הבדיקה שוב.",
    ),
    (
        "fix.spf.missing",
        "פרסמו רשומת SPF שמפרטת כל שירות ששולח דואר בשם {domain}.",
    ),
    (
        "fix.spf.include_loop",
        "הסירו את ה-include או ה-redirect שמפנה בחזרה לרשומה קודמת בשרשרת.",
    ),
    (
        "fix.spf.permissive_all",
        "סיימו את רשומת ה-SPF ב-\u{200e}~all או ב-\u{200e}-all במקום \u{200e}+all.",
    ),
    (
        "fix.spf.weak_all",
        "סיימו את רשומת ה-SPF ב-\u{200e}~all (או ב-\u{200e}-all, אחרי שכל השולחים מופיעים בה).",
    ),
    (
        "fix.spf.no_all",
        "סיימו את רשומת ה-SPF ב-\u{200e}~all (או ב-\u{200e}-all, אחרי שכל השולחים מופיעים בה).",
    ),
    (
        "fix.spf.ptr",
        "החליפו את ptr בטווחי הכתובות של שרתי השליחה או במנגנון a.",
    ),
    (
        "fix.spf.ip_not_authorized",
        "הוסיפו את השרת לרשומת ה-SPF (את הכתובת שלו או את ה-include של הספק), או הפסיקו לשלוח ממנו.",
    ),
    (
        "fix.dmarc.missing",
        "פרסמו רשומת DMARC עבור {domain}, בהתחלה עם p=none וכתובת לקבלת דוחות.",
    ),
    (
        "fix.dmarc.policy_none",
        "כשהדוחות מראים שכל הדואר הלגיטימי שלכם עובר, העבירו את המדיניות ל-p=quarantine ובהמשך ל-p=reject.",
    ),
    (
        "fix.dmarc.pct",
        "הסירו את התגית pct (או העלו את ערכה ל-100) כשהדוחות מראים שהדואר שלכם עובר.",
    ),
    (
        "fix.dmarc.no_rua",
        "הוסיפו לרשומת ה-DMARC כתובת לקבלת דוחות מצטברים (התגית rua).",
    ),
    (
        "fix.dmarc.external_rua_unauthorized",
        "בקשו ממקבל הדוחות לפרסם רשומת הרשאה עבור {domain}, או שלחו את הדוחות לכתובת בדומיין שלכם.",
    ),
    (
        "fix.dmarc.testing",
        "הסירו את t=y כשהדוחות מראים שכל הדואר הלגיטימי שלכם עובר.",
    ),
    ("fix.dmarc.removed_tag", "הסירו את התגיות המיושנות בהזדמנות."),
    (
        "fix.dmarc.org_domain_differs",
        "פרסמו את המדיניות הרצויה בשני הדומיינים, או סמנו את הדומיין הארגוני בתגית psd=n.",
    ),
    (
        "fix.dmarc.unknown_tag",
        "בדקו את האיות של התגיות והסירו את אלה שאינכם צריכים.",
    ),
    (
        "fix.dkim.missing",
        "הפעילו חתימת DKIM עבור {domain} בכל שירות ששולח את הדואר שלכם, ופרסמו את המפתחות שהוא מספק.",
    ),
    ("fix.dkim.testing", "כשהחתימה עובדת, הסירו את t=y מרשומת המפתח."),
    (
        "fix.dkim.revoked",
        "אם דואר עדיין נחתם במפתח הזה, פרסמו את המפתח הציבורי העדכני שלו; אחרת אין צורך לעשות דבר.",
    ),
    (
        "fix.dkim.syntax",
        "העתיקו שוב את רשומת המפתח משירות השליחה, בדיוק כפי שהיא מופיעה שם.",
    ),
    (
        "fix.dkim.unused_key",
        "אם אף שירות כבר אינו חותם במפתח הזה, הסירו אותו; אחרת אין צורך לעשות דבר.",
    ),
    (
        "fix.mx.null",
        "אם הדומיין לא אמור לקבל דואר, השאירו זאת כך; אחרת הפנו את רשומת ה-MX לשירות דואר אמיתי, כדי שתשובות והודעות החזרה יגיעו.",
    ),
    ("fix.mx.cname", "הפנו את רשומת ה-MX לשם השרת האמיתי ולא לכינוי."),
    (
        "fix.mta_sts.missing",
        "פרסמו רשומת MTA-STS וקובץ מדיניות, בהתחלה במצב testing.",
    ),
    ("fix.mta_sts.syntax", "פרסמו רשומת MTA-STS אחת בלבד, עם מזהה (id) תקין."),
    (
        "fix.mta_sts.policy_invalid",
        "תקנו את קובץ המדיניות: version, mode, max_age ושורת mx לכל שרת דואר.",
    ),
    (
        "fix.mta_sts.mx_mismatch",
        "הוסיפו לקובץ המדיניות שורת mx שמכסה את שרת הדואר, ואז שנו את ה-id ברשומת ה-MTA-STS כדי שהשרתים השולחים יורידו את המדיניות החדשה.",
    ),
    (
        "fix.mta_sts.max_age_short",
        "הגדירו max_age של יממה לפחות (86400); מקובל שבוע עד כמה שבועות.",
    ),
    (
        "fix.dane.present",
        "אין מה לתקן; פרסמו את הרשומה החדשה לפני כל החלפת תעודה.",
    ),
    (
        "fix.dane.invalid_record",
        "החליפו את הרשומה הפגומה ברשומת 3 1 1 (ה-SHA-256 של המפתח הציבורי של השרת).",
    ),
    ("fix.dane.unsigned", "חתמו את אזור ה-DNS של שרת הדואר ב-DNSSEC."),
    ("fix.tls_rpt.missing", "פרסמו רשומת TLS-RPT עם כתובת לקבלת הדוחות."),
    (
        "fix.tls_rpt.syntax",
        "פרסמו רשומת TLS-RPT אחת בלבד, עם כתובת לקבלת הדוחות (mailto או https).",
    ),
    (
        "fix.bimi.syntax",
        "פרסמו רשומת BIMI אחת, שכתובת הלוגו בה היא קישור https לקובץ SVG.",
    ),
    (
        "fix.bimi.dmarc_not_enforced",
        "העבירו את מדיניות ה-DMARC ל-p=quarantine או ל-p=reject; רק אז הלוגו יוצג.",
    ),
    (
        "fix.blocklist.query_refused",
        "הריצו את הבדיקה דרך שרת DNS משלכם ולא דרך שרת ציבורי, או השתמשו בשירות השאילתות של הרשימה עצמה.",
    ),
    (
        "fix.blocklist.range_not_looked_up",
        "בדקו אחת-אחת את הכתובות ששולחות דואר בפועל.",
    ),
    (
        "fix.blocklist.unknown",
        "הריצו את הבדיקה שוב מאוחר יותר; אם רשימה ממשיכה שלא לענות, השתמשו בשרת DNS שאינו משנה תשובות.",
    ),
    (
        "fix.message.dkim_missing",
        "הפעילו בשירות השליחה חתימת DKIM עבור הדומיין השולח (From).",
    ),
    (
        "fix.message.dkim_invalid",
        "ודאו ששום דבר אינו משנה את ההודעה אחרי החתימה, ושהמפתח המפורסם תואם למפתח שהשירות חותם בו.",
    ),
    (
        "fix.message.dkim_weak_key",
        "צרו מפתח של 2048 ביט, פרסמו אותו תחת בורר (selector) חדש וחתמו בו.",
    ),
    (
        "fix.message.dkim_body_length",
        "בטלו בהגדרות החתימה את הגבלת אורך הגוף.",
    ),
    (
        "fix.message.dkim_headers_unsigned",
        "חתמו גם על הכותרות החשובות, כולל List-Unsubscribe ו-List-Unsubscribe-Post.",
    ),
    (
        "fix.message.dkim_unaligned",
        "הגדירו בשירות השליחה DKIM מותאם (אימות דומיין), כך שהחתימה תהיה בשם הדומיין השולח.",
    ),
    (
        "fix.message.spf_unaligned",
        "הגדירו בשירות השליחה דומיין החזרה (Return-Path) מותאם, תחת הדומיין השולח.",
    ),
    (
        "fix.message.dmarc_fail",
        "חתמו במפתח של הדומיין השולח, או השתמשו בדומיין החזרה (Return-Path) שנמצא תחתיו.",
    ),
    (
        "fix.message.unsubscribe_missing",
        "הפעילו בשירות השליחה את כותרת List-Unsubscribe, עם הסרה בלחיצה אחת.",
    ),
    (
        "fix.message.one_click_missing",
        "הוסיפו כתובת הסרה ב-https שפועלת בלחיצה אחת, ואת הכותרת List-Unsubscribe-Post.",
    ),
    (
        "fix.message.unsubscribe_unsigned",
        "הוסיפו את כותרות ההסרה לרשימת הכותרות ששירות השליחה חותם עליהן.",
    ),
    ("fix.message.syntax", "תקנו את התבנית או את הקוד שבונה את ההודעה."),
    ("fix.message.no_text_part", "הוסיפו להודעה גרסת טקסט רגיל של התוכן."),
    (
        "fix.message.too_large",
        "הקטינו את ה-HTML: הסירו עיצובים שאינם בשימוש, וקשרו לתמונות במקום להטמיע אותן.",
    ),
    (
        "fix.message.from_display_spoof",
        "השתמשו בשם רגיל כשם התצוגה, ולא בכתובת דואר.",
    ),
    (
        "fix.message.link_listed",
        "הסירו או החליפו את הקישור; אם הדומיין שלכם, בררו מדוע נרשם והגישו בקשת הסרה.",
    ),
    (
        "fix.message.link_shortener",
        "קשרו ישירות ליעד, או השתמשו בדומיין קישורים ממותג משלכם.",
    ),
    (
        "fix.message.il_subject_label",
        "פתחו את שורת הנושא במילה \"פרסומת\", למשל: \"פרסומת: מבצע סוף העונה\".",
    ),
    (
        "fix.message.sender_identity_missing",
        "הוסיפו בתחתית ההודעה את שם המפרסם ואת פרטי ההתקשרות שלו.",
    ),
    (
        "fix.message.opt_out_missing",
        "הוסיפו בתחתית ההודעה קישור להסרה מרשימת התפוצה.",
    ),
    (
        "fix.message.postal_address_missing",
        "הוסיפו את הכתובת הפיזית שלכם בתחתית ההודעה.",
    ),
    // Markdown reports (check, and what changed).
    ("md.status.ok", "תקין"),
    ("md.status.at_risk", "בסיכון"),
    ("md.status.failing", "כושל"),
    ("md.status.incomplete", "לא הושלם"),
    ("md.sev.error", "בעיה"),
    ("md.sev.warning", "אזהרה"),
    ("md.sev.info", "הערה"),
    ("md.col.subject", "רכיב"),
    ("md.col.message", "ממצא"),
    ("md.col.fix", "תיקון"),
    ("md.col.change", "שינוי"),
    ("md.col.errors", "בעיות"),
    ("md.col.warnings", "אזהרות"),
    ("md.col.info", "הערות"),
    ("md.known", "ידוע"),
    ("md.new", "חדש"),
    ("md.seen", "נמצא"),
    (
        "md.counts",
        "נבדקו {total} דומיינים: {failing} כושלים, {at_risk} בסיכון, {incomplete} לא הושלמו, {ok} תקינים",
    ),
    (
        "md.counts_one",
        "דומיינים שנבדקו: {total}; {failing} כושלים, {at_risk} בסיכון, {incomplete} לא הושלמו, {ok} תקינים",
    ),
    (
        "md.since_counts",
        "מאז {file}: {new} חדשים, {fixed} תוקנו, {unverified} לא אומתו, {unchanged} ללא שינוי, {not_checked} דומיינים מהבסיס לא נבדקו",
    ),
    ("md.changes_since", "מה השתנה מאז {date}"),
    ("md.since", "מאז {file}: {summary}"),
    ("md.not_checked", "דומיינים שהופיעו בבסיס ולא נבדקו הפעם: {domains}"),
    ("md.explain", "מה פירוש הקוד וכיצד לתקן: {command}."),
    ("md.what_changed", "מה השתנה"),
    ("md.new_findings", "ממצאים חדשים"),
    ("md.fixed", "תוקנו"),
    ("md.unverified", "נעלמו, אך לא אומתו (שאילתות נכשלו בהרצה זו)"),
    ("md.suppressed", "הוסתרו לפי כללי ההתעלמות"),
    ("md.suppressed_findings", "ממצאים שהוסתרו"),
    ("md.and_more", " ועוד {count}"),
    (
        "md.left_out",
        "הושמטו כדי לא לעבור {kb} kB (לכל הנתונים השתמשו ב-{json} או ב-{sarif}): {names}",
    ),
    ("md.changes_heading", "מה השתנה: {since}"),
    ("md.changes_new", "בעיות חדשות"),
    ("md.changes_fixed", "תוקנו"),
    (
        "md.changes_unverified",
        "לא נראו עוד, אך לא אומתו כמתוקנות (שאילתות נכשלו)",
    ),
    ("md.domains_gone", "הופיעו בהרצה הקודמת ולא נבדקו הפעם"),
    ("md.domains_added", "לא הופיעו בהרצה הקודמת"),
    ("md.better", "השתפר"),
    ("md.worse", "הורע"),
    // Markdown losses report.
    ("md.losses.sent", "נפח שליחה"),
    ("md.losses.given", "לפי הנתון שנמסר"),
    ("md.losses.col.estimated", "הערכת אובדן"),
    ("md.losses.col.amount", "סכום"),
    ("md.losses.col.arithmetic", "החישוב"),
    ("md.losses.assumption", "הנחה"),
    ("md.losses.col.hard_bounced", "החזרה קבועה"),
    ("md.losses.col.complained", "התלוננו"),
    ("md.losses.col.both", "גם וגם"),
    ("md.losses.col.complaints_without_address", "תלונות ללא כתובת"),
    ("md.losses.col.hard", "קבועות"),
    ("md.losses.col.cause", "סיבה סבירה"),
    ("md.losses.col.pct_provider", "% מהנפח של הספק"),
    (
        "md.losses.dmarc_text",
        "{messages} הודעות בדוחות ה-DMARC המצטברים. מהמקורות שלכם: {own_q} הועברו להסגר, {own_r} נדחו. ממקורות לא מוכרים (התחזות שנעצרה): {unknown_q} הועברו להסגר, {unknown_r} נדחו.",
    ),
    ("md.losses.col.source", "מקור"),
    ("md.losses.sending_sources", "מקורות השליחה שלכם"),
    ("md.losses.col.dmarc_pass", "מעבר DMARC"),
    ("md.losses.col.messages", "הודעות"),
    ("md.losses.col.recognised_by", "זוהה לפי"),
    ("md.losses.col.threshold", "סף"),
    ("md.rate.ok", "תקין"),
    ("md.rate.warning", "אזהרה"),
    ("md.rate.exceeded", "חריגה"),
    ("md.rate.not_computed", "לא חושב"),
    ("md.losses.domain_check", "בדיקת הדומיין {domain} ({verdict})"),
    ("md.losses.evidence", "נמצא"),
    ("md.losses.skipped", "קלטים שדולגו"),
    ("md.losses.what_if", "מה יקרה אם נאכוף?"),
    // losses
    ("losses.title", "אובדן דואר נסתר"),
    (
        "losses.verdict.ok",
        "לא נמצא אובדן משמעותי: החזרות, תלונות ואימות נמצאים בגבולות הספקים.",
    ),
    (
        "losses.verdict.at_risk",
        "דואר הולך לאיבוד: חלק מהנתונים קרובים לגבולות הספקים.",
    ),
    (
        "losses.verdict.failing",
        "דואר הולך לאיבוד: לפחות נתון אחד עבר את הגבול של ספק.",
    ),
    ("losses.verdict.unknown", "לא ניתן מספיק מידע כדי להעריך את האובדן."),
    ("losses.period", "התקופה: {from} עד {to}."),
    ("losses.period_one", "התקופה: {date}."),
    ("losses.period_unknown", "התקופה: לא צוינה בקלטים."),
    ("losses.worst", "הדחוף ביותר: {title}, משפיע על {emails} הודעות."),
    ("losses.contacts_lost", "אנשי קשר שאבדו לצמיתות"),
    ("losses.emails_lost", "הודעות שאבדו"),
    ("losses.complaint_rate", "שיעור תלונות"),
    ("losses.dmarc_pass", "מהדואר שלכם עבר DMARC"),
    ("losses.money", "הערכת הערך שאבד"),
    ("losses.assumption", "הנחה: {text}"),
    ("losses.actions", "מה לתקן קודם"),
    ("losses.no_actions", "לא נמצא אובדן בקלטים."),
    ("losses.affected", "{emails} הודעות, {contacts} אנשי קשר"),
    ("losses.auth", "אימות לפי ספק ולפי מקור שליחה"),
    ("losses.chart_provider", "שיעור המעבר של DMARC לפי ספק מקבל"),
    ("losses.chart_source", "שיעור המעבר של DMARC לפי מקור שליחה"),
    ("losses.chart_row", "{label}: ‏{pct} מתוך {total} עברו"),
    ("losses.contacts", "אנשי קשר שאבדו לצמיתות"),
    (
        "losses.contacts_text",
        "לקוחות קיימים שכבר אי אפשר להגיע אליהם בדואר: {hard} כתובות החזירו החזרה קבועה, {complained} התלוננו ({both} גם וגם).",
    ),
    ("losses.contacts_unmeasured", "לא נמדד: לא ניתנו הודעות החזרה."),
    ("losses.by_reason", "אובדן לפי סיבה"),
    ("losses.by_provider", "אובדן לפי ספק הנמען"),
    (
        "losses.delayed",
        "עוד {n} הודעות התעכבו ועדיין נשלחות שוב; הן אינן נספרות כאבודות.",
    ),
    ("losses.dmarc", "DMARC"),
    (
        "losses.dmarc_text",
        "דוחות ה-DMARC מכסים {messages} הודעות. משירותי השליחה שלכם, השרתים המקבלים העבירו להסגר {own_q} ודחו {own_r}. ממקורות לא מוכרים (כנראה התחזות שהמדיניות שלכם עצרה) הם העבירו להסגר {unknown_q} ודחו {unknown_r}; זו הגנה, לא אובדן.",
    ),
    ("losses.rates", "שיעורים מול גבולות השולחים בכמות גדולה"),
    ("losses.domain_check", "בדיקת הדומיין: {domain}"),
    ("losses.skipped", "קלטים שלא ניתן היה לקרוא"),
    ("losses.sources", "מקורות והערות"),
    (
        "losses.inputs_text",
        "{bounces} הודעות החזרה מ-{bounce_files} קבצים; {reports} דוחות DMARC מ-{dmarc_files} קבצים.",
    ),
    ("losses.sent_text", "{sent} הודעות נשלחו."),
    ("col.reason", "סיבה"),
    ("col.emails", "הודעות"),
    ("col.pct_sent", "% מהנשלח"),
    ("col.hard", "קבועות"),
    ("col.contacts", "אנשי קשר"),
    ("col.example", "דוגמה"),
    ("col.provider", "ספק"),
    ("col.failed", "נכשלו"),
    ("col.complaints", "תלונות"),
    ("col.dmarc_volume", "הנפח שדיווח"),
    ("col.pct_volume", "% מהנפח שלו"),
    ("col.top_reasons", "סיבות עיקריות"),
    ("col.source", "מקור שליחה"),
    ("col.failing", "נכשלו"),
    ("col.of", "מתוך"),
    ("col.quarantined", "בהסגר"),
    ("col.rejected", "נדחו"),
    ("col.authenticates_as", "מאומת בתור"),
    ("col.identified_by", "זוהה לפי"),
    ("col.ips", "כתובות IP שולחות"),
    ("losses.failing_sources", "מקורות שלכם שנכשלים ב-DMARC"),
    ("col.rate", "שיעור"),
    ("col.threshold", "גבול"),
    ("col.note", "הערה"),
    ("col.pass_rate", "שיעור מעבר DMARC"),
    // tls-reports
    ("tls.title", "דוחות TLS"),
    ("tls.inputs", "קלטים"),
    // losses: actions (title and why per kind)
    (
        "losses.action.auth.title",
        "תקנו את האימות: כל שירות ששולח בשמכם צריך לחתום ב-DKIM על הדומיין שלכם, ו-SPF צריך להיות מיושר",
    ),
    (
        "losses.action.auth.why",
        "ספקי הדואר דוחים דואר שנכשל ב-DMARC או מעבירים אותו לספאם. מערכת CRM או כלי דיוור שחותמים בדומיין שלהם נראים בדיוק כך.",
    ),
    (
        "losses.action.dead.title",
        "הסירו מהרשימות {contacts} כתובות שאינן קיימות, ואמתו כל הרשמה חדשה",
    ),
    (
        "losses.action.dead.why",
        "שליחה לכתובות שאינן קיימות מאותתת לספקי הדואר שהרשימה אינה מתוחזקת, ופוגעת במוניטין של כל הדואר שלכם.",
    ),
    (
        "losses.action.blocked.title",
        "בררו מדוע אתם חסומים: בדקו את רשימות החסימה ואת דפי ה-Postmaster של ספקי הדואר, ואז בקשו הסרה מהרשימה",
    ),
    (
        "losses.action.blocked.why",
        "חסימה עוצרת את כל הדואר לאותו ספק, לא רק לכתובת אחת.",
    ),
    (
        "losses.action.spam_content.title",
        "בדקו את התוכן שנדחה כספאם (קישורים, מקצרי קישורים, קבצים מצורפים, ניסוח)",
    ),
    (
        "losses.action.spam_content.why",
        "מסנני תוכן דוחים את הקמפיין כולו אצל אותו ספק.",
    ),
    (
        "losses.action.policy.title",
        "קראו את הדחיות בגלל מדיניות הספקים ועמדו בדרישות שלהם",
    ),
    (
        "losses.action.policy.why",
        "דחיות מדיניות חוזרות בכל שליחה עד שהסיבה מתוקנת.",
    ),
    (
        "losses.action.rate_limited.title",
        "האטו את הקצב: פרסו את השליחה לספק שמגביל אתכם על פני זמן ארוך יותר",
    ),
    (
        "losses.action.rate_limited.why",
        "דואר שהוגבל נשלח שוב, ולעיתים קרובות פג תוקפו לפני שנמסר.",
    ),
    (
        "losses.action.mailbox_full.title",
        "הפסיקו לשלוח לכתובות שתיבת הדואר שלהן נשארת מלאה: בדרך כלל הן נטושות",
    ),
    (
        "losses.action.mailbox_full.why",
        "תיבה מלאה היא בהתחלה מצב זמני, אבל תיבה שמלאה במשך חודשים היא איש קשר שאבד.",
    ),
    (
        "losses.action.message_too_large.title",
        "הקטינו את ההודעות (אחסנו תמונות בשרת במקום לצרף אותן)",
    ),
    ("losses.action.message_too_large.why", "דואר גדול מדי נדחה מיד."),
    (
        "losses.action.complaints.title",
        "צמצמו תלונות: הסרה מרשימת התפוצה בלחיצה אחת (RFC 8058), הפסקת שליחה למי שאינו מגיב אף פעם, וזיהוי ברור של השולח",
    ),
    (
        "losses.action.complaints.why",
        "מעל \u{2066}0.3%\u{2069} תלונות, Gmail ו-Yahoo דוחים או מעבירים לספאם את כל הדואר שלכם, לא רק את הדואר למתלוננים.",
    ),
    (
        "losses.action.rest.title",
        "עברו על שאר ההחזרות (פג תוקף, שגיאות רשת, לא מסווגות) כדי למצוא את הסיבה",
    ),
    (
        "losses.action.rest.why",
        "זה דואר שאבד, והודעות ההחזרה אינן מציינות בבירור מדוע.",
    ),
    (
        "losses.action.tls.title",
        "תקנו את ה-TLS בשרת הדואר {mx}: {result} ({domain})",
    ),
    (
        "losses.action.tls.why",
        "{sessions} חיבורים אל {mx} נכשלו ב-TLS עם {result}. {remedy}",
    ),
    (
        "losses.evidence.tls",
        "TLS-RPT: {sessions} חיבורים שנכשלו, מדיניות {policy} של {domain}",
    ),
    (
        "losses.tls.remedy.certificate_expired",
        "חדשו את התעודה של שרת הדואר, ורצוי להפוך את החידוש לאוטומטי.",
    ),
    (
        "losses.tls.remedy.certificate_host_mismatch",
        "התקינו בשרת הדואר תעודה שהשמות בה כוללים את שם השרת.",
    ),
    (
        "losses.tls.remedy.certificate_not_trusted",
        "התקינו תעודה של רשות אישורים ציבורית, עם שרשרת האישורים המלאה.",
    ),
    (
        "losses.tls.remedy.starttls_not_supported",
        "הפעילו STARTTLS בשרת הדואר.",
    ),
    (
        "losses.tls.remedy.validation_failure",
        "שרשרת האישורים או לחיצת היד של TLS נכשלות באימות: בדקו את השרשרת שהשרת מציג.",
    ),
    (
        "losses.tls.remedy.tlsa",
        "עדכנו את רשומות ה-TLSA של שרת הדואר (‎_25._tcp‎) כך שיתאימו לתעודה שהשרת מציג.",
    ),
    (
        "losses.tls.remedy.dnssec_invalid",
        "תקנו את חתימות ה-DNSSEC של אזור ה-DNS של שרת הדואר.",
    ),
    (
        "losses.tls.remedy.sts_policy_fetch_error",
        "ודאו שקובץ המדיניות https://mta-sts.{domain}/.well-known/mta-sts.txt נגיש (mailaudit check מראה מה מונע זאת).",
    ),
    (
        "losses.tls.remedy.sts_policy_invalid",
        "תקנו את קובץ המדיניות של MTA-STS (mailaudit check מפרט את הבעיות).",
    ),
    (
        "losses.tls.remedy.sts_webpki_invalid",
        "התקינו בשרת מדיניות ה-MTA-STS תעודה ציבורית תקפה.",
    ),
    (
        "losses.tls.remedy.other",
        "ראו את סוג התוצאה של TLS-RPT ב-RFC 8460 ואת הפרטים שמסר הארגון המדווח.",
    ),
    (
        "losses.action.enforce.title",
        "ברגע שכל המקורות שלכם עוברים, העלו את מדיניות DMARC ל-\u{2066}p=quarantine\u{2069} ואחר כך ל-\u{2066}p=reject\u{2069}",
    ),
    (
        "losses.action.enforce.why",
        "מקורות לא מוכרים שולחים בשם הדומיין שלכם, והמדיניות הנוכחית מעבירה את הדואר שלהם.",
    ),
    // losses: the evidence under each action
    (
        "losses.evidence.cite_auth",
        "{bounces} הודעות החזרה מציינות כישלון אימות",
    ),
    ("losses.evidence.bounce", "החזרה: {text}"),
    (
        "losses.evidence.dmarc_source",
        "דוחות DMARC: ‏{source} נכשל ב-{failing} מתוך {messages} הודעות ({quarantined} בהסגר, {rejected} נדחו)",
    ),
    (
        "losses.evidence.dmarc_source_auth",
        "דוחות DMARC: ‏{source} נכשל ב-{failing} מתוך {messages} הודעות ({quarantined} בהסגר, {rejected} נדחו); מאומת בתור {identities}",
    ),
    ("losses.evidence.check", "בדיקה: {code}"),
    (
        "losses.evidence.reason_count",
        "{reason}: {bounces} החזרות, {addresses} כתובות",
    ),
    ("losses.evidence.bounces", "{bounces} החזרות ({addresses} כתובות)"),
    ("losses.evidence.provider", "{provider}: {n}"),
    ("losses.evidence.complaints", "{n} תלונות ספאם"),
    ("losses.evidence.complaint_rate", "שיעור תלונות {pct} ({threshold})"),
    ("losses.evidence.reason_messages", "{reason}: {n}"),
    ("losses.evidence.unknown_sources", "{n} מקורות לא מוכרים בדוחות DMARC"),
    // losses: the headline
    (
        "losses.headline.contacts",
        "{contacts} אנשי קשר קיימים כבר אינם זמינים בדוא״ל",
    ),
    (
        "losses.headline.no_bounces",
        "לא סופקו הודעות החזרה, ולכן אנשי קשר שאבדו ומסירות שנכשלו לא נמדדו",
    ),
    ("losses.headline.emails", "{emails} הודעות אבדו ({parts})"),
    ("losses.headline.sent", "מתוך {sent} שנשלחו"),
    (
        "losses.headline.tls",
        "{sessions} חיבורים לשרתי הדואר הנכנס (MX) שלכם נכשלו ב-TLS: הדואר לא נמסר, או נמסר ללא הצפנה",
    ),
    ("losses.part.failed", "מסירות שנכשלו"),
    ("losses.part.quarantined", "הועברו להסגר בגלל DMARC"),
    ("losses.part.rejected", "נדחו בגלל DMARC"),
    // losses: rates against thresholds
    ("losses.rate.complaint_rate", "שיעור תלונות"),
    ("losses.rate.hard_bounce_rate", "שיעור החזרות קבועות"),
    (
        "losses.rate.dmarc_fail_rate_own_sources",
        "שיעור הכישלון ב-DMARC של המקורות שלכם",
    ),
    (
        "losses.threshold.complaint_rate",
        "Gmail: להישאר מתחת ל-{target} ולעולם לא להגיע ל-{limit}; Yahoo: בערך {yahoo}",
    ),
    (
        "losses.threshold.hard_bounce_rate",
        "מתחת ל-{guide} (ההנחיה המקובלת בקרב ספקי הדיוור; Gmail, ‏Yahoo ו-Microsoft אינם מפרסמים סף להחזרות)",
    ),
    (
        "losses.threshold.dmarc_fail_rate_own_sources",
        "{zero}: ‏Gmail, ‏Yahoo ו-Microsoft דורשים שדיוור בכמות גדולה יעבור DMARC עם SPF או DKIM מיושרים",
    ),
    ("losses.rate_note.needs_sent", "נדרש נפח השליחה."),
    (
        "losses.rate_note.complaint_rate",
        "נספר מדוחות משוב (ARF) בלבד. Gmail אינו שולח דוח כזה על כל הודעה, ולכן השיעור בפועל עשוי להיות גבוה יותר; בדקו ב-Google Postmaster Tools.",
    ),
    (
        "losses.rate_note.hard_bounce_rate",
        "החזרות קבועות מתוך כלל ההודעות שנשלחו.",
    ),
    (
        "losses.rate_note.dmarc_fail_rate_own_sources",
        "דואר מהמקורות שלכם (ללא מקורות לא מוכרים ושרתי העברה), לפי דוחות DMARC.",
    ),
    // losses: bounce reasons
    ("reason.user_unknown", "משתמש לא ידוע (הכתובת אינה קיימת)"),
    ("reason.mailbox_full", "תיבת דואר מלאה"),
    ("reason.mailbox_disabled", "תיבת דואר מושבתת"),
    ("reason.host_unknown", "הדומיין של הנמען אינו קיים"),
    ("reason.blocked", "חסימה (IP או דומיין ברשימת חסימה, או מוניטין)"),
    ("reason.spam_content", "נדחה כספאם (תוכן)"),
    ("reason.auth_failure", "כישלון אימות (SPF/DKIM/DMARC)"),
    ("reason.policy", "מדיניות הספק המקבל"),
    ("reason.rate_limited", "הגבלת קצב (יותר מדי בזמן קצר)"),
    ("reason.message_too_large", "הודעה גדולה מדי"),
    ("reason.expired", "ניסיונות המסירה הופסקו (פג תוקף)"),
    ("reason.network_error", "שגיאת רשת או DNS"),
    ("reason.complaint", "תלונת ספאם"),
    ("reason.undetermined", "לא סווג"),
    // losses: notes
    (
        "losses.note.domain_filter",
        "נספרו רק החזרות של דואר שנשלח מ-{domain}: {left_out} החזרות לא נכללו ({other} מדומיינים אחרים, {unknown} ללא השולח המקורי).",
    ),
    (
        "losses.note.no_sent",
        "לא צוין נפח שליחה, ולכן השיעורים מול הספים לא חושבו.",
    ),
    (
        "losses.note.value_not_applied",
        "הערך לאיש קשר לא חושב: אנשי קשר שאבדו נספרים מהחזרות ומתלונות, ולא סופקו הודעות החזרה.",
    ),
    (
        "losses.note.no_value",
        "לא צוין ערך כספי: הדוח מציג ספירות ושיעורים בלבד.",
    ),
    (
        "losses.note.provider_volume",
        "הנפח של כל ספק הוא מה שהספק דיווח בדוחות DMARC המצטברים שלו; כדי שהאחוז יהיה מדויק, ההחזרות והדוחות צריכים לכסות את אותה תקופה.",
    ),
    (
        "losses.note.unknown_not_loss",
        "דואר ממקורות לא מוכרים ש-DMARC העביר להסגר או דחה אינו נספר כאובדן: ככל הנראה זו התחזות שהמדיניות שלכם עצרה.",
    ),
    // losses: the value of what was lost
    ("losses.money.contacts", "אנשי קשר שאבדו לצמיתות"),
    ("losses.money.emails", "הודעות שאבדו"),
    (
        "losses.money.contacts_assumption",
        "כל איש קשר שאבד שווה {value}. אנשי קשר = כתובות ייחודיות שהחזירו החזרה קבועה או שהתלוננו.",
    ),
    ("losses.money.emails_assumption", "כל הודעה שווה {value}."),
    (
        "losses.money.not_added",
        "דחיות DMARC לא נוספו: הן חוזרות כהודעות החזרה וכבר נספרו.",
    ),
    (
        "losses.money.note",
        "הסכומים הם הערכים שלכם כפול הספירות שלמעלה, בעיגול אחד בסוף. הסכום לאנשי קשר והסכום להודעות מודדים דברים שונים, ולכן אינם מחוברים.",
    ),
    // What changed: the figures that moved (check and losses)
    ("losses.money.contacts_arithmetic", "{n} אנשי קשר × {value} = {amount}"),
    (
        "losses.money.emails_arithmetic",
        "({parts}) = {n} הודעות × {value} = {amount}",
    ),
    ("losses.problem.rate", "{rate} חורג מהסף"),
    ("losses.problem.source_failing", "{source} נכשל ב-DMARC"),
    ("figure.verdict", "מצב כללי"),
    ("figure.errors", "בעיות"),
    ("figure.warnings", "אזהרות"),
    ("figure.info", "הערות"),
    ("figure.dmarc_pass_rate", "שיעור המעבר של DMARC בדואר שלכם"),
    ("figure.dmarc_pass_rate_of", "שיעור המעבר של DMARC אצל {source}"),
    ("figure.contacts_lost", "אנשי קשר שאבדו"),
    ("figure.complaints", "תלונות ספאם"),
    ("figure.emails_lost", "הודעות שאבדו"),
    ("figure.bounces", "החזרות: {reason}"),
];
