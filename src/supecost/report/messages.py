"""The words of every report, in Japanese and English: one table per language.

Reports pick a table with :func:`messages_for`, always from an explicit locale;
a Japanese locale gets the Japanese table and every other locale the English
one. Placeholders use :meth:`str.format` names.

>>> words = messages_for("ja_JP")
>>> words("self_pay")
'自由診療（保険適用外）'
>>> messages_for("en_US")("sessions_count", count=5)
'5 sessions'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from supecost.l10n import normalize_locale

__all__ = [
    "CATALOG_PROBLEMS_JA",
    "EN",
    "ERRORS_JA",
    "ERROR_CLAUSES_JA",
    "ERROR_KINDS_JA",
    "ERROR_LABELS",
    "ERROR_PHRASES_JA",
    "FIELD_HINTS_JA",
    "JA",
    "OS_ERRORS_JA",
    "SERVICE_JA",
    "Messages",
    "messages_for",
]

_NEW_TO_CLINIC: Final = "当院が初めての方"
"""Who a new-patient price or fee is for, in every Japanese message that says so.

Menus also use 「初めての方」 for "first time having this treatment" (DOMAIN §10),
so a new patient's audience names the clinic; the Japanese messages below build
on this one phrase (the table's ``new_patient``), never on a spelling of their own.
"""

JA: Final[Mapping[str, str]] = {
    # Titles and sections
    "price_list_title": "料金表",
    "estimate_title": "お見積書",
    "comparison_title": "プラン比較",
    "clinic": "医療機関",
    "contact": "お問い合わせ先",
    "registration_number": "登録番号",
    "treatments": "治療",
    "combos": "同日併用のセット",
    "fees": "諸費用",
    "goods": "物販",
    "goods_unit": "単位",
    "goods_kind": "種類",
    "goods_monthly": "定期便",
    "goods_monthly_asked": "定期便（毎月お届け）",
    "line_goods_monthly": "{name}（定期便・毎月お届け）",
    "line_goods_included": "{name}（セットに含まれるプレゼント）",
    "line_top_up": "差額（{dose}）",
    "line_credit": "お乗り換え差引（残り{left}回）",
    "goods_min_months": "毎月お届け・{months}回以上の継続が条件",
    "goods_monthly_price": "毎月お届け {price}／月（{months}回以上の継続が条件）",
    "goods_monthly_price_any": "毎月お届け {price}／月",
    "goods_kind_food": "食品",
    "goods_kind_drug": "医薬品",
    "goods_kind_quasi_drug": "医薬部外品",
    "goods_kind_cosmetic": "化粧品",
    "goods_kind_other": "その他",
    "discounts": "割引",
    "disclosures": "ご注意",
    "provenance": "出典・注記",
    # Tax display
    "tax_included": "{amount}（税込）",
    "tax_included_typical": "{amount}（税込・標準{typical}）",
    "tax_excluded_beside": "{amount}（税込・税抜{excluded}）",
    "tax_excluded_beside_typical": (
        "{amount}（税込・標準{typical}、税抜{excluded}・標準{excluded_typical}）"
    ),
    "money_typical": "{amount}（標準{typical}）",
    "money_at_point": "{amount}（{point}{typical}）",
    "amount_excluded": "税抜{amount}",
    "prices_note_included": "価格はすべて消費税込みの総額です。",
    "prices_note_excluded": (
        "価格はすべて消費税込みの総額です（税抜価格に消費税を加えて表示しています）。"
    ),
    "tax_date": "消費税率は{date}時点のものです。",
    "about": "約{amount}",
    # Treatment details
    "self_pay": "自由診療（保険適用外）",
    "self_pay_long": (
        "掲載している治療は自由診療であり、公的医療保険は適用されません。費用は全額自己負担です。"
    ),
    # Where the page shows non-taxable items (insured care, DOMAIN §1): the rest is self-pay.
    "self_pay_long_except": (
        "非課税の{items}を除き、掲載している治療は自由診療であり、公的医療保険は適用されません。"
        "自由診療の費用は全額自己負担です。"
    ),
    "single_price": "1回の料金",
    "single_by_place": "何回目かにより異なります・下記の回数別単価",
    "price_change": "{date}より{price}",
    "bracket_close": "）",
    "aside_join": "・",
    # How a list of names, of sentences, of break-even points is joined.
    "list_join": "、",
    "exempt_join": "、",
    "sentence_join": "",
    "break_even_join": "、",
    "aside_bracket": "{text}（{clause}）",
    "reduced_mark": "※",
    "reduced_legend": "※は軽減税率(8%)対象",
    "typical_course": "標準的な治療回数・期間",
    "typical_course_value": "{sessions}回・{months}か月",
    "typical_course_sessions_only": "{sessions}回（期間の記載なし）",
    "typical_cost": "標準的な費用",
    "typical_cost_value": "{amount}（税込・{plan}の場合、初診時の費用を含む）",
    "typical_cost_value_typical": (
        "{amount}（税込・標準{typical}・{plan}の場合、初診時の費用を含む）"
    ),
    "typical_cost_doses": (
        "{amount}（税込・用量により異なります。最も安い買い方、初診時の費用を含む）"
    ),
    "typical_cost_doses_typical": (
        "{amount}（税込・標準{typical}・用量により異なります。最も安い買い方、初診時の費用を含む）"
    ),
    "typical_cost_unknown": "算出できません（{reason}）",
    "typical_cost_campaign": "先着順のキャンペーン価格の場合",
    "typical_cost_campaign_dose": (
        "{dose}: {amount}（税込・{plan}の場合、初診時の費用を含む。通常の価格では{standard}）"
    ),
    "typical_cost_campaign_dose_typical": (
        "{dose}: {amount}（税込・標準{typical}・{plan}の場合、初診時の費用を含む。"
        "通常の価格では{standard}）"
    ),
    "typical_cost_campaign_join": "、",
    "risks": "主なリスク・副作用",
    "missing": "未記載",
    "unapproved": "未承認医薬品等",
    "unapproved_yes": (
        "国内で承認されていない医薬品等を用いる治療です。医薬品副作用被害救済制度の対象外です。"
    ),
    "obtained": "入手経路",
    "domestic_equivalent": "国内の承認医薬品等の有無",
    "foreign_safety": "諸外国における安全性等に係る情報",
    "ask_clinic": "医療機関にご確認ください",
    "unapproved_no": "国内で承認された医薬品等を用いる治療です。",
    "route": "投与方法",
    "cell_source": "由来",
    "origin": "製造",
    "note": "注記",
    "note_of": "{label}（{who}）",
    "note_line": "{label}：{text}",
    # Offers
    "bundles": "回数券・コース",
    "bundle_top_up": "{dose}は1回ごとに差額{price}",
    "bundle_top_ups": (
        "{offer}：{top_ups}。都度払いとの差額は、セットの全回をその用量で受ける場合の比較です。"
    ),
    "bundle_saving_by_place": (
        "都度払いとの差額は、この治療を初めて受ける方が1回目から1回ずつお支払いの場合"
        "（下記の回数別単価）との比較です。これまでに受けた回数により、都度払いの料金は変わります。"
    ),
    "plans": "月額プラン",
    "intros": "初回限定価格",
    "offer": "プラン",
    "sessions": "回数",
    "sessions_count": "{count}回",
    "visits_count": "{count}回",
    "sessions_range": "{low}〜{high}回",
    "line_ladder": "{name}（{places}）",
    "line_package": "{name}（{contents}）",
    "line_shared": "{name}（共通回数券：{contents}に使用）",
    "shared_contents": "{names} 共通 {count}（どの組み合わせでも）",
    "shared_join": "・",
    "line_package_intro": "{name}（初回限定価格・{contents}）",
    # A line named with its kind where no column shows it (the estimate): {kind} is the kind_*
    # word the quote's kind column gives it, so the documents say one thing one way.
    "line_kind": "{name}（{kind}）",
    "totals_by_sessions": "回数ごとの総額",
    "dash_note": (
        "「—」は、その回数ではほかの買い方と同じ内容になるか、利用できないことを示します。"
    ),
    "total": "総額",
    "per_session": "1回あたり",
    "per_visit": "1回の来院あたり",
    # A bill's price per session leaves its goods out (they are no session): said so.
    "excluding_goods": "{label}（物販を除く）",
    "saving": "都度払いとの差額",
    "saving_value": "{amount}お得",
    "saving_none": "お得になりません（{amount}割高）",
    "saving_zero": "差額なし",
    # An amount only bounded: at the high point beside an open-ended price (〜円以上).
    "at_least": "{amount}以上",
    "saving_points": "下限で{low}・上限で{high}",
    "saving_by_dose": "{low_dose}で{low}・{high_dose}で{high}",
    "saving_points_typical": "下限で{low}・{point}で{typical}・上限で{high}",
    "unknown": "不明",
    "valid_months": "有効期間",
    "months_count": "{count}か月",
    "valid_for": "有効期間{months}",
    "no_expiry": "記載なし",
    "monthly_fee": "月額",
    "sessions_per_month": "1か月の回数",
    "carry_over": "未消化分は翌月まで繰越可",
    "sessions_carried": "{sessions}（{carry}）",
    "min_months": "最低契約期間",
    "min_term_cost": "最低契約期間の費用",
    "enrollment_fee": "入会金",
    "enrollment_campaign": "入会金キャンペーン",
    "first_month": "初月割引",
    "first_month_free": "初月無料",
    "first_month_price": "初月 {price}",
    "first_months_free": "初回{months}か月無料",
    "first_months_price": "初回{months}か月 各{price}",
    "enrollment_free": "無料",
    "extra_session_price": "追加1回",
    "early_termination_fee": "途中解約金",
    "not_offered": "なし",
    "intro_price": "初回価格",
    "intro_sessions": _NEW_TO_CLINIC + "の最初の{count}回",
    "intro_sessions_first_time": "この施術が初めての方の最初の{count}回",
    "intro_whole": _NEW_TO_CLINIC + "の最初の{count}回分をまとめて（分割不可）",
    "intro_whole_first_time": "この施術が初めての方の最初の{count}回分をまとめて（分割不可）",
    "ladders": "回数別単価",
    "ladder_places": "{low}〜{high}回目",
    "ladder_place": "{place}回目",
    "ladder_from": "{place}回目以降",
    "ladder_within": "{places}・前回から{days}日以内",
    "ladder_lapsed": "前回から{days}日以内でないご来院・{step}の料金",
    "ladder_dated": "{places}・前回施術日から{days}日以内",
    "ladder_within_notice": (
        "「前回から○日以内」の料金は、前回の施術からその日数以内のご来院に限ります。"
        "それより後のご来院と、前回の施術日をうかがっていない最初のご来院は、それより前の段のうち"
        "条件を満たす最後の段（多くは日数の条件のない段）の料金です。"
    ),
    "ladder_item": "{name}（{places}）",
    "ladder_notice": (
        "1回ずつお支払いの場合の料金です。何回目かは、この治療をこれまでに受けた回数"
        "（回数券・月額プランなどでの施術を含みます）から数えます。"
    ),
    "combo_treatments": "組み合わせ",
    "packages": "コース（複数の治療のセット）",
    "packages_any": "コース",
    "package_contents": "内容",
    "package_intro_price": "初回限定価格",
    "package_no_intro": "—",
    "history": "これまでに受けた回数",
    "last_visit": "前回施術日",
    "first_visit": "初回施術日",
    "bought_before": "購入済み（お一人様限定）",
    "holding": "お持ちの回数券",
    "sessions_left": "残り{count}回",
    "enrolled_before": "以前に入会済み（初月価格の対象外）",
    "sold_out_places": "受付終了（先着順）",
    "combo_discount": "{amount}引き（各治療の1回料金の合計から）",
    "combo_discount_typical": "{amount}引き（標準{typical}・各治療の1回料金の合計から）",
    "combo_discount_short": "{amount}引き",
    "combo_price": "セット価格{amount}",
    "combo_single_sessions_only": "回数券・初回価格との併用不可",
    "line_single_sessions_only": "{name}（{restriction}）",
    "fee_charged_first_visit": "初診時（" + _NEW_TO_CLINIC + "）",
    "fee_charged_every_visit": "ご利用ごと",
    "fee_charged_cancellation": "当日キャンセル・無断キャンセルの場合のみ、1回ごと",
    "fee_charged_return_visit": "再診ごと（初診の日を除くご利用ごと）",
    "fee_charged_every_visit_scoped": "対象の治療のご利用ごと",
    "fee_charged_return_visit_scoped": "対象の治療を受ける再診ごと（初診の日を除く）",
    "fee_charged_once": "1回のみ",
    "fee_charged_first_time": "治療を初めて受ける方に1回（初回のみ）",
    "fee_charged_first_time_scoped": "対象の治療を初めて受ける方に1回（初回のみ）",
    "fee_charged_yearly": "1年ごと（初回と、以後各年の最初のご利用時）",
    "line_yearly": "{name}（1年ごと）",
    "line_taken_by_month": "{names}適用",
    "price_per_year": "{price}／年",
    "fee_when": "請求時期",
    "price": "料金",
    "discount_amount": "{amount}引き",
    "discount_percent": "{percent}%引き",
    "applies_to": "対象",
    "discount_off": "割引額・割引率",
    "conditions": "条件",
    "whole_bill": "お会計全体",
    "single_sessions_of": "{name}の単回",
    "cond_new_patients": _NEW_TO_CLINIC + "のみ",
    "fee_waived_when_treated": "施術を受けた日は無料",
    "fee_waived_with": "{offers}ご購入の方は無料",
    "offers_either": "・",
    "bundle_includes": "{offer}：{goods}付き（プレゼント）",
    "bundle_includes_label": "含まれる物販（プレゼント）",
    "included_goods": "{name} {count}{unit}",
    "fee_optional": "ご希望の場合のみ",
    "fee_optional_weekend": "土日・祝日のご利用時のみ",
    "fee_optional_after_hours": "診療時間外のご利用時のみ",
    "fee_one_of": "{names}のいずれか1つ",
    # Japanese keeps its own joiners (CLDR's 「A、B、またはC」 says 「いずれか」 twice).
    "fee_one_of_joiner": "／",
    "fee_group_named": "{group}（いずれか1つ・ご希望の場合のみ）",
    "cond_from": "{date}から",
    "cond_until": "{date}まで",
    "cond_min_sessions": "{count}回以上",
    "cond_min_amount": "{amount}以上のお会計",
    "cond_stacks": "他の割引と併用可",
    # A non-stacking discount names the others it does not combine with; a combo is none.
    "cond_excludes": "{names}とは併用不可",
    # A discount not with combos (with_combos = false): the menu's own words.
    "cond_without_combos": "同時施術割引との併用不可",
    # Not with first-time prices (with_first_time = false), not with sets, tickets, plans
    # and packages (with_offers = false): the menu's words.
    "cond_without_first_time": "初回価格との併用不可",
    "cond_without_offers": "セット・回数券・プランとの併用不可",
    "excludes_join": "・",
    # Catalog schema 2: doses, units, options, member prices, sales windows
    "dose": "用量",
    "any_dose": "どの用量でも",
    "extra_unit_price": "同じ来院での2{unit}目以降（1{unit}あたり）",
    "extra_unit_segment": "{extra}の{segment}",
    "max_units": "1回の来院で{count}{unit}まで",
    "max_units_fact": "{count}{unit}まで",
    "unit_default": "単位",
    "units_per_visit": "1回の来院での数量",
    "units_count": "{count}{unit}",
    "with_units": "{name}（{units}）",
    "segment": "価格区分",
    # A segment only discounts are for (学割): its patients' group, never a price.
    "segment_discounts": "割引の対象",
    "segment_discounts_for": "{who}の割引",
    "options": "オプション",
    "option_with": "同時に受ける治療",
    "segment_price": "{segment}価格",
    "segment_price_people": "{segment}の価格",
    "segment_name_member": "会員価格",
    "segment_name_vip": "VIP価格",
    "segment_name_referred": "ご紹介価格",
    "segment_same": "通常価格と同じ",
    "segment_join": "「{segment}」に登録して{segment}価格で",
    "segment_join_member": "会員登録して会員価格で",
    "segment_join_vip": "VIP登録してVIP価格で",
    "segment_join_referred": "ご紹介登録してご紹介価格で",
    # Joining a segment only discounts are for (学割): for its discounts, as it has no price.
    "segment_join_discounts": "「{segment}」に登録して割引で",
    "segment_join_discounts_named": "{segment}に登録して{segment}の方の割引で",
    "segment_join_discounts_people": "{segment}として登録して割引で",
    "segment_join_discounts_member": "会員登録して会員様の割引で",
    "segment_join_discounts_vip": "VIP登録してVIP会員様の割引で",
    "segment_join_discounts_referred": "ご紹介登録してご紹介の方の割引で",
    "segment_not_charged": "不要",
    "segment_joining_fee": "{header}（{fee} {price}）",
    "fee_charged_joining": "{segment}登録時に1回",
    "fee_charged_joining_member": "会員登録時に1回（以後は会員価格）",
    "fee_charged_joining_vip": "VIP登録時に1回（以後はVIP価格）",
    "fee_charged_joining_referred": "ご紹介登録時に1回（以後はご紹介価格）",
    "fee_charged_yearly_joining": "{segment}登録時と、以後1年ごと",
    "fee_charged_yearly_joining_member": "会員登録時と、以後1年ごと（会員価格で）",
    "fee_charged_yearly_joining_vip": "VIP登録時と、以後1年ごと（VIP価格で）",
    "fee_charged_yearly_joining_referred": "ご紹介登録時と、以後1年ごと（ご紹介価格で）",
    # The joining fee of a segment only discounts are for (学割): no price follows joining.
    "fee_charged_joining_discounts": "{segment}登録時に1回",
    "fee_charged_joining_discounts_member": "会員登録時に1回（以後は会員様の割引）",
    "fee_charged_joining_discounts_vip": "VIP登録時に1回（以後はVIP会員様の割引）",
    "fee_charged_joining_discounts_referred": "ご紹介登録時に1回（以後はご紹介の方の割引）",
    "fee_charged_yearly_joining_discounts": "{segment}登録時と、以後1年ごと",
    "fee_charged_yearly_joining_discounts_member": "会員登録時と、以後1年ごと（会員様の割引で）",
    "fee_charged_yearly_joining_discounts_vip": "VIP登録時と、以後1年ごと（VIP会員様の割引で）",
    "fee_charged_yearly_joining_discounts_referred": (
        "ご紹介登録時と、以後1年ごと（ご紹介の方の割引で）"
    ),
    "on_sale": "販売期間",
    "window_join": "",
    "first_n": "先着{count}名様",
    "per_patient": "お一人様{count}セット限り",
    "cond_birth_month": "誕生月の方",
    "cond_segments": "{who}限定",
    "segment_who": "「{segment}」の方",
    "segment_who_named": "{segment}の方",
    "segment_who_people": "{segment}",
    "segment_people_ends": "方 様 者",
    "segment_join_named": "{segment}に登録して{segment}価格で",
    "segment_who_member": "会員様",
    "segment_who_vip": "VIP会員様",
    "segment_who_referred": "ご紹介の方",
    "every_treatment": "すべての治療",
    "csv_dose": "用量別",
    "csv_option": "オプション",
    "no_conditions": "条件なし",
    # Estimate
    "issued": "発行日",
    "issuer": "発行元",
    "estimate_number": "見積番号",
    "addressee": "宛名",
    "addressee_value": "{name} 様",
    "valid_until": "有効期限",
    "valid_days": "{date}まで（発行日から{days}日間）",
    "valid_campaign_end": "{date}まで（{name}の終了日まで）",
    "valid_first_month_end": "{date}まで（{name}の初月価格の終了日まで）",
    "valid_enrollment_campaign_end": "{date}まで（{name}の入会金キャンペーン終了日まで）",
    "valid_birth_month_end": "{date}まで（誕生月特典の期間まで）",
    "request": "ご希望の内容",
    "treatment": "治療",
    "months": "期間",
    "months_free": "指定なし",
    "with": "同時に受ける治療",
    "patient": "受診",
    "new_patient": _NEW_TO_CLINIC,
    "returning_patient": "再診の方",
    "chosen_fees": "追加の費用",
    "birth_month": "誕生月",
    "sessions_priced_for": "{range}（{priced}でお見積り）",
    "across_note": (
        "ご希望の回数に幅があるため、お見積りのプランと合計はいちばん多い{priced}の場合です。"
        "回数ごとの最安の買い方と合計は次のとおりです。"
    ),
    "chosen_plan": "お見積りのプラン（最安）",
    "chosen_plan_at": "お見積りのプラン（{points}の価格で最安）",
    "chosen_plan_ranked": "お見積りのプラン",
    "item": "項目",
    "quantity": "数量",
    "unit_price": "単価",
    "amount": "金額",
    "tax_summary": "税率ごとの内訳",
    "rate_label": "{rate}%対象",
    "rate_exempt": "非課税",
    "rate_out_of_scope": "不課税",
    "taxable": "税抜金額",
    "consumption_tax": "消費税",
    "amount_included": "税込金額",
    "subtotal": "小計",
    "grand_total": "合計（税込）",
    "sessions_bought": "購入する回数",
    "sessions_unused": "使わずに残る回数",
    "units_unused": "本数券の未使用分",
    "sessions_unused_of": "使わずに残る回数（{name}）",
    "payments": "お支払い予定",
    "payments_before_tax": (
        "このカタログの価格は税抜のため、月ごとのお支払い額は表示しません。消費税は請求全体で"
        "税率ごとに1回だけ端数処理するので、月ごとに分けると合計が請求額と合わないことがあるためです。"
    ),
    "month": "時期",
    "month_first": "1か月目（初回ご利用時）",
    "month_n": "{month}か月目",
    "runners_up": "ほかのプラン",
    "difference": "お見積りのプランとの差額",
    "difference_value": "{amount}高い",
    "difference_same": "同額",
    "difference_less": "{amount}安い",
    "lines_included": "明細の金額は税込です。",
    "unit_discounts_included": "単価に含む割引: {names}",
    "plan_discount_month": "{names}は{month}のお支払いから差し引いています",
    "plan_discount_month_carried": (
        "{names}は{month}のお支払いから差し引き、引ききれない分は翌月以降のお支払いから"
        "差し引いています"
    ),
    "plan_discount_month_if_carried": (
        "{names}は{month}のお支払いから差し引きます。引ききれない場合は、残りを翌月以降の"
        "お支払いから差し引きます"
    ),
    "yearly_once": (
        "期間（月数）の指定がなく、この買い方では通院期間が決まらないため、1年ごとの料金は"
        "1年分で計算しています。1年を超えて通う場合は期間を指定してください。"
    ),
    "yearly_plan_months": (
        "期間の指定がないため、通院期間を月額プランの{months}か月とし、1年ごとの料金は"
        "その期間の各年に数えています。"
    ),
    "unit_discount_named": "{name}（{off}）",
    "unit_discounts": "単価に含む割引",
    "unit_discounts_of": "{name}の単価に含む割引: {names}",
    "dearest_units": (
        "この買い方は本数券を買い、1回に2本以上お使いになるため、本数券で払わない1本目と2本目"
        "以降は、期間限定・誕生月の割引がない月の価格で計算しています（本数券がどのご来院の分を"
        "払うかで各月の価格が変わるため）。実際のお支払いがこの金額を超えることはありません。"
    ),
    "dearest_units_of": "{name}：{note}",
    "loan_term": "{name}（{rate}・{count}回）の場合 月々{monthly}{odd}",
    "loan_listed": "{name}（{rate}・最大{count}回）",
    "loans": "分割払い",
    "loan_apr": "実質年率{rate}%",
    "loan_addon": "アドオン率{rate}%",
    "loan_first": "（初回{amount}）",
    "loan_last": "（最終回{amount}）",
    "lines_excluded": "明細の金額は税抜です。消費税は税率ごとにまとめて計算します。",
    "no_runners_up": "ほかのプランはありません",
    "estimate_notice": (
        "この見積書は料金表にもとづく概算です。実際の費用は診察の結果により変わることがあります。"
    ),
    "range_notice": "価格に幅があるため、金額は下限〜上限で示しています。",
    "range_notice_gaps": (
        "回数別の「前回から○日以内」の料金は前回からの日数で変わるため、金額は下限（毎回その日数"
        "以内にご来院の場合）〜上限（そうでない場合）で示しています。"
    ),
    # Comparison
    "cumulative_cost": "累計費用",
    "session_axis": "回数",
    "cheapest": "最安",
    "cheapest_total": "最安の総額",
    "way": "買い方",
    "break_even": "損益分岐点",
    "break_even_at": "{point}の価格で、{count}回以上で都度払いより安くなります",
    "break_even_never": "{point}の価格で、{count}回までは都度払いより安くなりません",
    "break_even_marker": "分岐 {count}回",
    "break_even_assumes": (
        "損益分岐点は、{name}だけを{course}都度払いと比べた回数です"
        "（料金・消費税を含み、割引・ほかの施術・物販・初回価格{first_month}・これまでの受診は含みません）。"
    ),
    "break_even_first_month": "・月額プランの初月価格",
    "break_even_course_months": "{months}か月で受ける場合に",
    "break_even_after_history": (
        "これまでの受診に続くコースのため、損益分岐点（新しく始めるコースの回数）は示していません。"
    ),
    "break_even_none": (
        "この条件で買える、この施術だけの回数券・コース・月額プランがないため、"
        "損益分岐点はありません。"
    ),
    "chart_title": "回数ごとの累計費用",
    "chart_legend_note": "線は標準的な金額（不明な場合は下限）、帯は下限〜上限です。",
    "not_available": "—",
    "chart_in_html": "グラフはHTML形式のレポートに掲載しています。",
    "csv_kind": "区分",
    "csv_low": "下限",
    "csv_range": "{label}（{end}）",
    "csv_range_included": "{label}（税込・{end}）",
    "grand_total_range": "合計（税込・{end}）",
    "csv_typical": "標準",
    "csv_high": "上限",
    "csv_text": "表示",
    "csv_single": "1回",
    "csv_bundle": "回数券・コース",
    "csv_bundle_units": "本数券",
    "csv_subscription": "月額プラン",
    "csv_min_term": "月額プラン最低契約期間",
    # A plan's term in the price list's kind column: the plan (csv_subscription), then the
    # term as a bill line's kind says it (kind_first_month, kind_enrollment, ...).
    "csv_plan_term": "{plan}{kind}",
    "csv_statement": "記載事項",
    "csv_intro": "初回限定",
    "csv_intro_whole": "初回限定セット",
    "csv_ladder": "回数別単価",
    "csv_disclosure": "治療の説明",
    "csv_package": "コース",
    "csv_shared": "共通回数券",
    "csv_package_intro": "コース初回限定価格",
    "csv_valid_months": "有効期間（か月）",
    "csv_combo": "同日併用",
    "csv_fee": "諸費用",
    "csv_goods": "物販",
    "csv_goods_monthly": "物販（定期便）",
    "csv_optional_fee": "諸費用（ご希望の場合のみ）",
    "csv_fee_group": "料金のグループ",
    "csv_discount": "割引",
    "csv_line": "明細",
    "csv_tax": "税率別",
    "csv_total": "合計",
    "csv_payment": "支払い",
    "csv_runner_up": "ほかのプラン",
    "csv_unit_discount": "単価に含む割引",
    "csv_request_line": "行番号",
    "csv_sessions_unused": "未使用の回数",
    "csv_date": "日付",
    "csv_contract": "契約",
    "csv_contract_sessions": "契約の回数",
    "csv_contract_units": "契約の数量",
    "csv_units_column": "数量",
    "csv_contract_reason": "判定の理由",
    "csv_contract_line": "受け取れる額の内訳",
    "csv_contract_note": "ほかの上限",
    "tax_included_short": "税込",
    "tax_excluded_short": "税抜",
    # Labels of ways of buying
    "way_singles": "都度払い",
    "way_intro": "初回価格＋都度払い",
    "way_mix": "組み合わせ",
    "way_upgrade": "{set}へお乗り換え",
    "way_joining": "{way}（{joining}）",
    # Names of unnamed records (supecost.report.names): an offer after its treatment and
    # kind, items named together (a combo's treatments, a package's contents) joined.
    "offer_name_bundle": "{treatment} {sessions}回セット",
    "offer_name_subscription": "{treatment} 月額プラン",
    "offer_name_intro": "{treatment} 初回価格",
    "offer_name_ladder": "{treatment} 回数別単価",
    "name_joiner": "＋",
    # Closing notes
    "deduction": (
        "美容や健康増進を目的とする自由診療の費用は、一般に医療費控除の対象になりません。"
    ),
    "generated_by": "supecost により作成",
    # Enumerations
    "route_iv_drip": "点滴",
    "route_injection": "注射",
    "route_nasal": "点鼻",
    "route_nebulizer": "吸入",
    "route_topical": "塗布",
    "route_scalp": "頭皮への注入",
    "route_other": "その他",
    "cell_dental_pulp": "歯髄",
    "cell_adipose": "脂肪",
    "cell_umbilical_cord": "臍帯",
    "cell_cord_blood": "臍帯血",
    "cell_placenta": "胎盤",
    "cell_bone_marrow": "骨髄",
    "cell_amnion": "羊膜",
    "cell_other": "その他",
    "origin_domestic": "国内製造",
    "origin_overseas": "海外製造",
    "yes": "はい",
    "no": "いいえ",
    # Quotes, catalogs and contracts (the terminal and Markdown of `supecost quote` and others)
    "quote_new": "新規",
    "quote_history": "これまでに{had}",
    "quote_from": "{date}から",
    "quote_units": "（{units}{unit}）",
    "quote_returning": "再診",
    "quote_tax_included": "税込",
    "quote_tax_excluded": "税抜価格＋消費税",
    "quote_separator": "・",
    "quote_rank": "順位",
    "quote_unused": "（未使用{count}回）",
    "quote_unused_of": "（{name}：未使用{count}回）",
    "quote_unused_units": "（未使用{count}{unit}）",
    "unit_ticket_count": "{count}{unit}券",
    "unit_ticket_each": "{each}（1{unit}あたり）",
    "unit_ticket_text": "{count}{unit}券（1{one}あたり{each}）",
    "unit_ticket_saving": "1{unit}ずつ来院した場合と比べて{saving}",
    "unit_ticket_saving_amount": "用量ごとに都度払いした場合と比べて{saving}",
    "unit_tickets": "本数券",
    "bundles_and_unit_tickets": "回数券・本数券・コース",
    "units_header": "{unit}数",
    "per_unit_header": "1{unit}あたり",
    "sessions_or_units_header": "回数・{unit}数",
    "per_session_or_unit_header": "1回・1{unit}あたり",
    "quote_best": "最安: {name} — {amount}",
    "quote_best_at": "{points}の価格で最安: {name} — {amount}",
    "quote_ranked_first": "1位: {name} — {amount}",
    "quote_ranked_first_count": "{sessions}での1位: {name} — {amount}",
    "quote_best_count": "{sessions}での最安: {name} — {amount}",
    "quote_best_at_count": "{sessions}・{points}の価格で最安: {name} — {amount}",
    "point_min": "下限",
    "point_typical": "標準",
    "point_typical_mixed": "標準（記載のない価格は下限）",
    "point_typical_low": "下限（標準価格の記載がないため）",
    "point_typical_gaps": "下限（毎回、前回から所定の日数以内にご来院の場合）",
    "point_winner": "{point}: {name}",
    "point_winner_join": "、",
    "cheapest_points": "{name}（{points}）",
    "cheapest_join": "／",
    "cheapest_depends": "価格による",
    "point_max": "上限",
    "point_join": "・",
    "quote_saving_singles": "都度払いと比べて: {saving}",
    "quote_saving_runner_up": "次点（{name}）と比べて: {saving}",
    "quote_uncertain": ("価格の幅によって最安の買い方が変わります（{winners}）"),
    "quote_unknown_at": "{points}の価格での最安の買い方は分かりません（{winners}）",
    "quote_certain": "価格の幅のどこでも同じ買い方が最安です",
    "grand_total_of": "合計（税込・{name}）",
    "cheaper_at_winner": "{point}の価格では{name}が最安",
    "cheaper_at_of_priced": "{point}の価格では{name}が最安（その価格の分からない買い方を除く）",
    "cheaper_total": "{cheaper}：{amount}",
    "quote_break_even": "{point}の価格で都度払いより安くなる回数",
    "quote_break_even_from": "{count}回から",
    "quote_break_even_never": "{count}回までの範囲では割安になりません",
    "quote_lines": "内訳（{name}）",
    "quote_kind": "種別",
    "quote_tax_line": "消費税（{rate}%）",
    "quote_tax_inner": "うち消費税（{rate}%）",
    "quote_unserved": "この依頼に使えない買い方",
    "unserved_allowance": (
        "月{per_month}回まで・追加回数なしのため、{months}か月で{sessions}回には使えません"
        "（月数を増やすか、ほかのプランを選んでください）"
    ),
    "unserved_sales_window": (
        "販売期間中に買っても、{months}か月のコースのどの回にも使えません"
        "（販売期間と有効期限をご確認ください）"
    ),
    "quote_across": "回数ごとの最安",
    "kind_single": "単回",
    "kind_bundle": "回数券",
    "kind_bundle_units": "本数券",
    "kind_top_up": "差額",
    "kind_credit": "乗り換え差引",
    "kind_intro": "初回価格",
    "kind_subscription": "月額",
    "kind_enrollment": "入会金",
    "kind_enrollment_campaign": "入会金・キャンペーン価格",
    "kind_first_month": "初月",
    "kind_early_termination": "最低契約期間内の解約金",
    "kind_extra_session": "追加1回",
    "kind_extra_unit": "同じ来院の追加分",
    "kind_package": "コース",
    "kind_shared": "共通回数券",
    "kind_package_intro": "コース初回価格",
    "kind_ladder": "回数別単価",
    "kind_combo": "同時施術割引",
    "kind_discount": "割引",
    "kind_fee": "料金",
    "kind_goods": "物販",
    "kind_goods_included": "物販（プレゼント）",
    "kind_goods_monthly": "物販（定期便）",
    "record_id": "ID",
    "record_kind": "種類",
    "record_name": "名称",
    "record_treatment": "治療",
    "record_bundle": "回数券",
    "record_bundle_units": "本数券",
    "record_subscription": "月額プラン",
    "record_intro": "初回価格",
    "record_package": "コース",
    "record_shared": "共通回数券",
    "record_ladder": "回数別単価",
    "single_by_ladder": "1回ずつの料金は回数別単価「{name}」",
    "single_by_ladder_window": "{window}の1回ずつの料金は回数別単価「{name}」",
    "record_combo": "同日併用",
    "record_fee": "諸費用",
    "record_discount": "割引",
    "record_dose": "用量",
    "record_goods": "物販",
    "goods_reduced_rate": "軽減税率対象",
    "record_details": "条件など",
    "contract_title": "契約の解約と返金",
    "contract_rules": "適用ルール",
    "contract_rules_cosmetic_medicine": "美容医療（特定継続的役務提供）",
    "contract_rules_beauty_salon": "エステティックサロン（特定継続的役務提供）",
    "contract_rules_none": "対象外として扱う",
    "contract_rules_source": "ルールの根拠",
    "contract_rules_from_catalog": "カタログの指定",
    "contract_rules_from_caller": "この契約についての指定（カタログの指定ではありません）",
    "contract_rules_from_default": "既定値（カタログに指定がありません）",
    "contract_applicable": "特定継続的役務提供",
    "contract_covered": "該当",
    "contract_not_covered": "非該当",
    "contract_received": "契約書面の受領日",
    "contract_cooling_off_until": "クーリング・オフ期限",
    "contract_cooling_off_gives": "この日までに解約すれば、支払う必要はありません",
    "contract_not_applicable": "適用なし",
    "contract_cancel_on": "解約日",
    "contract_used": "利用回数",
    "contract_used_units": "利用数",
    "contract_used_of_units": "{used} / {total}{unit}",
    "contract_total": "契約金額",
    "contract_price_basis": "価格の内訳",
    "contract_agreed_price": "指定された価格",
    "contract_agreed_set": "1セットあたり{price}（{basis}）",
    "contract_agreed_month": "1か月あたり{price}（{basis}）",
    "contract_agreed_session": "1回あたり{price}（{basis}）",
    "contract_per_session": "1回あたりの契約単価",
    "contract_per_unit": "1{unit}あたりの契約単価",
    "contract_valid_until": "有効期限",
    "contract_term_ends": "契約期間の最終日",
    "contract_enrollment_campaign": "{amount}（入会金キャンペーン価格、契約金額に含む）",
    "contract_goods": "関連商品",
    "contract_goods_value": "{amount}（この精算には含みません）",
    "contract_paid": "支払済み",
    "contract_keep_max": "事業者が受け取れる上限",
    "contract_refund_min": "返金額（最低）",
    "contract_owed_max": "追加で請求されうる上限",
    "contract_reasons": "判定の理由",
    "contract_breakdown": "受け取れる額の内訳",
    "reason_not_flagged": (
        "カタログはこの治療・プランを特定継続的役務提供の対象外と指定しています。"
        "対象かどうかは推測しないため、医療機関の約款だけが適用されます。"
    ),
    "reason_not_flagged_caller": (
        "この契約について、特定継続的役務提供の規制を適用しないと指定されています"
        "（カタログの指定ではありません）。医療機関の約款だけが適用されます。"
    ),
    "reason_not_flagged_default": (
        "カタログはこの治療・プランに特定継続的役務提供の指定をしていないため、既定で対象外として"
        "扱います。対象かどうかは推測しないため、医療機関の約款だけが適用されます。"
    ),
    "reason_flagged": "カタログはこの治療・プランを「{rules}」の対象と指定しています",
    "reason_flagged_caller": (
        "「{rules}」の規制は、カタログの指定ではなく、この契約について指定されたものです"
    ),
    "reason_before_in_force": (
        "契約書面の受領日（{received}）が、「{rules}」の規制の施行日（{in_force}）より前です"
    ),
    "reason_period_over": "役務の提供期間{months}か月は{period}を超えます",
    "reason_period_not_over": "役務の提供期間{months}か月は{period}を超えません",
    "reason_single_session": "{sessions}回の契約は{period}を超える期間にあたりません",
    "reason_single_session_units": "{sessions}{unit}の契約は{period}を超える期間にあたりません",
    "reason_sessions_only_over_units": (
        "契約は数量（{sessions}{unit}）だけを定めており、{period}を超える期間として扱います"
    ),
    "reason_sessions_only_not_over_units": (
        "契約は数量（{sessions}{unit}）だけを定めています。特段の事情があるとの前提で計算しているため、"
        "{period}を超えません"
    ),
    "reason_sessions_only_over": (
        "契約は回数（{sessions}回）だけを定めており、{period}を超える期間として扱います"
    ),
    "reason_sessions_only_not_over": (
        "契約は回数（{sessions}回）だけを定めています。特段の事情があるとの前提で計算しているため、"
        "{period}を超えません"
    ),
    "reason_amount_over": "契約金額{amount}（{taxed}）は{limit}を超えます",
    "reason_amount_not_over": "契約金額{amount}（{taxed}）は{limit}を超えません",
    "reason_amount_tax_decides": (
        "この判定は、{limit}の基準に消費税を含めるかという未確認の前提によります。"
        "{taxed}の{amount}で比べると結果は逆になります。"
    ),
    "reason_period": "{months}か月",
    "reason_taxed": "税込",
    "reason_amount_over_goods": (
        "契約金額{contract}と関連商品{goods}の合計{amount}（{taxed}）は{limit}を超えます"
    ),
    "reason_amount_not_over_goods": (
        "契約金額{contract}と関連商品{goods}の合計{amount}（{taxed}）は{limit}を超えません"
    ),
    "reason_untaxed": "税抜",
    # A settlement's parts (supecost.contracts.SettlementCode) and the other limits
    "settle_cooling_off": "クーリング・オフ期間内（{until}まで）のため、事業者は何も受け取れません",
    "settle_cooling_off_no_document": (
        "クーリング・オフ（契約書面を受け取っていないため、期間はまだ始まっていません）"
    ),
    "settle_expired": (
        "契約期間は{until}に終了したため、未使用の回数は失効し、事業者は契約金額の全額を受け取れます"
    ),
    "settle_months_begun": "始まった{months}か月分の月額料金（月額{fee}）",
    "settle_months_begun_first": "始まった{months}か月分の月額料金（月額{fee}、{first}）",
    "settle_first_months": "初めの{months}か月は{fee}",
    "settle_enrollment_service": "入会金（提供済みの役務として計上）",
    "settle_no_sessions": "提供済みの施術なし（契約は回数を定めていません）",
    "settle_sessions_given": (
        "提供済み{sessions}回分の対価（契約上の1回あたり単価{price}×{sessions}回{rounded}）"
    ),
    "settle_rounded": "、{mode}",
    "settle_sessions_given_less_enrollment": (
        "提供済み{sessions}回分の対価（入会金を除く契約金額{total}÷{divisor}（{each}）"
        "×{sessions}回{rounded}）"
    ),
    "settle_sessions_given_units": (
        "提供済み{sessions}{unit}分の対価（契約上の1{one}あたり単価{price}×{sessions}{unit}{rounded}）"
    ),
    "settle_expired_units": (
        "契約期間は{until}に終了しました：未使用の分は失効し、事業者は契約金額の全額を受け取れます"
    ),
    "settle_price_fraction": "{total}÷{sessions}（{about}）",
    "settle_before_start": "施術開始前は{rules}の規制により上限{cap}",
    "settle_allowance": (
        "解約に伴う損害賠償等の額：{cap}と、契約残額{outstanding}の{rate}（{share}）の"
        "いずれか低い額"
    ),
    "settle_whole_amount": (
        "法定の上限も解約条件の指定もないため、契約金額の全額まで"
        "（医療機関の約款を指定するとその額まで下がります）"
    ),
    "settle_enrollment_fee": "入会金",
    "settle_other_lines": "契約のその他の明細",
    "settle_early_termination": "中途解約金（最低契約期間{months}か月以内の解約）",
    "settle_min_term": "最低契約期間{months}か月分の月額料金（月額{fee}、中途解約金より低い額）",
    "settle_clinic_before_start": "施術開始前（{terms}による額）",
    "settle_clinic_fee": "{terms}による解約手数料（{parts}）",
    "settle_clinic_rate": "契約残額{outstanding}の{rate}",
    "settle_clinic_cap": "上限{cap}",
    "settle_clinic_join": "、",
    "settle_clinic_terms": "医療機関の約款",
    # A part of what may be kept and its amount: the contract's one colon, as its parts' own.
    "settle_line": "{part}：{amount}",
    "settle_note_statute": "{rules}の規制による上限：{amount}",
    "settle_note_catalog_terms": "カタログの条件による上限：{amount}",
    "settle_note_clinic_terms": "{terms}による上限：{amount}",
    "rounding_floor": "1円未満切り捨て",
    "rounding_ceil": "1円未満切り上げ",
    "rounding_half_up": "1円未満四捨五入",
    "rounding_half_even": "1円未満は偶数への丸め",
    "instalment_payment": "{number}回目",
    "instalment_total": "支払総額",
    "instalment_interest": "利息・手数料",
    "instalment_apr": "実質年率",
    "schedule_interest_limit_tier": (
        "実質年率{apr}は、利息制限法が{tier}の貸付けに定める上限{limit}を超えています。"
        "この上限が医療ローンなどの個別クレジットに直接適用されるかは確認されていません"
    ),
    "schedule_tier_between": "{low}以上{high}未満",
    "schedule_tier_from": "{low}以上",
    "schedule_tier_below": "{high}未満",
    "schedule_last_interest_reduced": (
        "最終回の利息は、残高に対する{interest}より{reduced}少なくしています。毎月の利息を"
        "1円未満切り捨てで計算するため、初回の額をどう選んでも最終回がちょうど{level}に"
        "ならないので、2回目以降を{level}にそろえるための調整です"
    ),
    "schedule_last_below_level": (
        "毎月の利息を1円未満切り捨てで計算するため、2回目以降をすべて{level}にそろえる初回の額が"
        "ありません。最終回は{last}です"
    ),
    "sim_title": "料金シミュレーター",
    "sim_switch": "English",
    "sim_treatment": "治療",
    "sim_sessions": "回数",
    "sim_months": "期間（か月・任意）",
    "sim_addons": "同時に受ける治療（任意）",
    "sim_patient": "受診",
    "sim_new": _NEW_TO_CLINIC,
    "sim_returning": "再診の方",
    "sim_calculate": "計算する",
    "sim_result": "いちばん安い買い方",
    "sim_way": "買い方",
    "sim_total": "合計（税込）",
    "sim_per_session": "1回あたり",
    "sim_saving": "都度払いとの差",
    "sim_saves": "都度払いより{amount}お得",
    "sim_no_saving": "都度払いがいちばん安い買い方です",
    "sim_best_at": "{name}（{points}の価格で最安）",
    "sim_payments": "お支払いの目安（月ごと）",
    "sim_month": "月",
    "sim_amount": "金額",
    "sim_no_months": "期間を入れると月ごとに表示します",
    "sim_no_months_before_tax": (
        "税抜価格のため月ごとには分けません（消費税は請求全体で税率ごとに1回だけ計算します）"
    ),
    "sim_noscript": "計算にはJavaScriptが必要です。下の料金表もご覧ください。",
    "sim_fees": "追加の料金",
    "sim_fee_group": "ご希望の場合の料金（いずれか1つ）",
    "sim_fee_none": "なし",
    "sim_birth_month": "誕生月（任意）",
    "sim_first_visit": "初回施術日（任意、空欄なら今日）",
    "sim_history": "これまでの施術回数",
    "sim_last_visit": "前回施術日（任意）",
    "sim_birth_month_none": "選ばない",
    "sim_units": "1回あたりの量",
    "sim_segment": "料金",
    "sim_segment_none": "通常価格",
    "sim_segment_discounts": "{who}の割引",
    "sim_fee_choice": "{name} — {price}／{when}",
    "sim_fee_scope": "{when}・{label}：{names}",
    "sim_error_sessions": "回数は1〜{most}回で入れてください。",
    "sim_error_months": "期間は1〜{most}か月で入れてください（空欄でもかまいません）。",
    "sim_error_first_visit": "初回施術日は今日以降の日付で入れてください（空欄でもかまいません）。",
    "sim_error_history": "これまでの施術回数は0〜{most}回で入れてください。",
    "sim_error_last_visit": (
        "前回施術日は、これまでの施術回数（1回以上）とともに、初回施術日（空欄なら今日）"
        "以前の日付で入れてください。"
    ),
    "sim_error_request": (
        "この組み合わせでは計算できません。同時に受ける治療や回数を選び直してください。"
    ),
    "sim_error_failed": "計算できませんでした。時間をおいて、もう一度お試しください。",
    # Catalog lint (supecost.lint): each finding's key, then each rule's explanation
    "lint_notice": "お知らせ：{message}",
    "lint_no_findings": "{path}：指摘はありません",
    # catalog validate (supecost.present.catalog_counts): the file's path, what it holds
    "validate_ok": "{path}：問題ありません（{counts}）",
    "validate_treatments": "治療{count:,}件",
    "validate_offers": "プラン{count:,}件",
    "validate_combos": "同日併用のセット{count:,}件",
    "validate_fees": "諸費用{count:,}件",
    "validate_discounts": "割引{count:,}件",
    "validate_goods": "物販{count:,}件",
    "lint_unit_default": "単位",
    "lint_bundle_dearer": (
        "{sessions}のセット（{price}）は1回あたり{per_session}以上で、"
        "1回の料金{single}より高くなっています。セットの価格・回数か1回の料金を見直してください"
    ),
    "lint_bundle_dominated": (
        "{sessions}のセット（{price}）はお得になりません。1回から{limit}回までのどの回数でも、"
        "単回払いとほかのセットの組み合わせで同額以下になります。"
        "価格を下げるか、不要ならセットを削除してください"
    ),
    "lint_plan_dearer": (
        "最低契約期間{months}の費用（{term}以上）が、その間の{sessions}を単回で払った場合"
        "（最大{singles}）より高くなっています。月額・入会金・最低契約期間・回数を見直してください"
    ),
    "lint_intro_above": (
        "初回価格{price}が通常の1回の料金{single}より高くなっています。"
        "初回価格か1回の料金を見直してください（意図どおりなら、このルールを理由とともに"
        "無効にしてください）"
    ),
    "lint_intro_whole_above": (
        "初回限定セットの価格{price}が、同じ{sessions}を1回の料金で払った場合（最大{singles}）"
        "より高くなっています。セットの価格か回数を見直してください"
    ),
    "lint_intro_whole_below_single": (
        "まとめて売る初回限定セット（{sessions}）の価格{price}が、1回の料金{single}より"
        "安くなっています。1回あたりの価格なら、まとめて売る指定を外してください"
        "（意図どおりなら、このルールを理由とともに無効にしてください）"
    ),
    "lint_dose_unnamed": (
        "「{treatment}」には用量の単位の記載がなく、用量{doses}にも名前がありません。"
        "量の数字だけでは何の量か分からないため、料金表や見積書ではこれらの用量を識別子で"
        "表示します。治療に用量の単位（グラム・ミリリットルなど）を記入するか、各用量に名前を"
        "付けてください"
    ),
    "lint_enrollment_campaign_not_lower": (
        "入会金キャンペーンの価格{price}が、通常の入会金{fee}より安くなっていません。"
        "キャンペーンの価格と入会金を見直してください"
    ),
    "lint_first_month_not_lower": (
        "初月の価格{price}が、月額{fee}より安くなっていません。初月の価格と月額を見直してください"
    ),
    "lint_plan_discount_every_month": (
        "当院が初めての方向けの割引が月額プラン{plan}の毎月の月額から引かれます。"
        "初月だけの割引（初月半額など）なら、プランの初月の価格として書いてください"
    ),
    "lint_unit_ticket_one_unit": (
        "本数で数える回数券「{offer}」の治療は1回の来院で1単位しか受けられないため、"
        "来院回数で数える回数券と同じです。{setting} を外してください"
    ),
    "lint_unit_ticket_every_dose": (
        "本数で数える回数券「{offer}」は用量を指定していないため、どの用量の1単位も券の1単位として"
        "数えます。特定の用量の券なら、その用量（{suggest}など）を指定してください"
    ),
    "lint_unit_ticket_every_dose_amount": (
        "本数で数える回数券「{offer}」は用量を指定していないため、どの用量の1単位も券の1単位として"
        "数えます。来院ごとに用量の量だけ使う券（{example_dose}の来院で"
        "{example_amount}{example_unit}分）"
        "なら {setting} と書き、"
        "特定の用量の券なら、その用量（{suggest}など）を指定してください"
    ),
    "lint_unit_ticket_by_amount": (
        "本数で数える回数券「{offer}」の治療「{treatment}」は1回の来院で1単位しか受けられないため、"
        "どの用量の来院も1単位と数えます。来院ごとに用量の量だけ使う券"
        "（{example_dose}の来院で{example_amount}{example_unit}分）なら {setting} "
        "と書いてください（来院回数で数える券なら {field} を外してください）"
    ),
    "lint_unit_ticket_outlasts": (
        "本数券「{offer}」の{units}{units_unit}は、1回の来院で最大{per_visit}{per_visit_unit}"
        "使っても、週1回のペースでは有効期間{months}のうちに使い切れません（{weekly}の来院で"
        "使えるのは{usable}{usable_unit}までです）"
    ),
    "lint_gift_in_name_only": (
        "セット「{offer}」の名前や注記に「{word}」とありますが、含まれる物販の記載がないため、"
        "物販も購入する患者にはその分が請求されます。含まれる物販を {field} に書いてください"
    ),
    "lint_segment_unnamed": (
        "会員区分「{segment}」に名前がないため、料金表や見積書には「{segment}価格」"
        "「「{segment}」の方限定」のように区分の識別子がそのまま表示されます。"
        "メニューの呼び方（学生、65歳以上など）を {field} に書いてください"
    ),
    "lint_loan_above_interest_tier": (
        "分割払い「{loan}」の実質年率{apr}は、「{offer}」（{amount}）のような{tier}の貸付けに"
        "利息制限法が定める上限{limit}を超えています。この上限が医療ローンなどの個別クレジットに"
        "直接適用されるかは確認されていないため、信販会社の条件をご確認ください"
    ),
    "lint_dose_units_uncounted": (
        "用量のある治療「{id}」は1回の来院で複数受けられますが、その数え方（本、バイアルなど）の"
        "記載がないため、見積書や料金表では「2単位」「2単位目以降」と表示します。"
        "{field} に数え方を書いてください"
    ),
    "lint_member_price_under_ladder": (
        "治療「{id}」の{segments}の価格は請求されません。回数で変わる料金「{ladder}」が"
        "単回の価格を決め、その段階のどれにも{segments}の価格がないためです。各段階に"
        "{segments}の価格を指定してください"
    ),
    "lint_without_first_time_none": (
        "割引「{id}」は初回価格との併用不可とされていますが、この料金表には初回価格が"
        "ありません。初回価格が載っていないなら追加し、不要なら併用不可の指定を削除して"
        "ください"
    ),
    "lint_without_offers_none": (
        "割引「{id}」はセット・回数券・プランとの併用不可とされていますが、この料金表には"
        "セット・回数券・月額プラン・コースがありません。載っていないなら追加し、不要なら"
        "併用不可の指定を削除してください"
    ),
    "lint_dated_discount_on_unit_ticket": (
        "割引「{id}」は期間限定または誕生月限定ですが、本数券「{ticket}」もある治療「{treatment}」"
        "にかかります。月数を指定し1回に2単位以上受ける見積では、本数券を買う支払い方の"
        "この治療の1回ごとの料金と2単位目以降には、期間内の月にもこの割引をかけず（本数券が"
        "どの来院の分を払うか決めないため）、実際より高く見積もることがあります。期間中の月と"
        "期間後の月を別々に見積もるか、割引の代わりに販売期間のあるキャンペーン用の本数券を"
        "載せてください"
    ),
    "lint_not_with_its_only_targets": (
        "割引「{id}」の対象は{offers}だけですが、どれもこの割引が併用不可とするもの（初回価格、"
        "またはセット・回数券・月額プラン・コース）のため、この割引が適用されることはありません。"
        "対象に治療を加えるか、併用不可の指定を削除してください"
    ),
    "lint_without_combos_no_combo": (
        "割引「{id}」は同時施術割引との併用不可とされていますが、この料金表には同時施術割引が"
        "ありません。同時施術割引が載っていないなら追加し、不要なら併用不可の指定を削除して"
        "ください"
    ),
    "lint_first_n_without_per_patient": (
        "先着{places}名様の回数券・コースに、お一人様が買える数の定めがありません。"
        "見積もりでは1人の患者が複数の枠を買うことがあります。お一人様1セット限りなら、"
        "その数を書いてください"
    ),
    "lint_combo_dearer": (
        "セット価格{price}が、組み合わせる治療の1回の料金の合計（最大{parts}）より高くなっています。"
        "セット価格を{parts}より下げるか、セット価格に代えて割引額を記入してください"
    ),
    "lint_discount_over_session": (
        "{amount}の値引きが、「{treatment}」の1回分（{low}の場合があります）を上回るおそれがあります。"
        "値引き額を{low}以下にするか、割合での値引きにしてください"
    ),
    "lint_discount_over_offer": (
        "{amount}の値引きが、「{offer}」（{low}の場合があります）を上回るおそれがあります。"
        "値引き額を{low}以下にするか、割合での値引きにしてください"
    ),
    "lint_discount_over_bill": (
        "{amount}の値引きが、最も少ない会計額（{bill}だけのお会計で{low}の場合があります）を"
        "上回るおそれがあります。値引きを使える最低の会計額を{amount}以上にするか、"
        "値引きの対象となる治療やコースを指定してください"
    ),
    "lint_discount_over_min_amount": (
        "{amount}の値引きが、値引きを使える最低の会計額{low}を上回り、会計額を超えるおそれが"
        "あります。最低の会計額を{amount}以上にしてください"
    ),
    "lint_combo_saving_over": (
        "割引額{saving}が、組み合わせる治療の1回の料金の合計（{parts}の場合があります）を"
        "上回るおそれがあります"
    ),
    "lint_typical_outside": "標準価格{typical}が範囲{bounds}の外にあります",
    "lint_bundle_outlasts": (
        "{sessions}は、週1回のペースでも有効期間{months}のうちに使い切れません"
        "（使えるのは{weekly}までです）"
    ),
    "lint_range_too_wide": (
        "価格の幅{price}は上限が下限の10倍を超えています。0の付け忘れや付けすぎがないかご確認ください"
    ),
    "lint_looks_tax_included": (
        "カタログの価格は税抜ですが、{pairs}です。この価格がすでに税込になっていないかご確認ください"
    ),
    "lint_tax_pair": "{amount}は{base}に消費税{rate}%を加えた額",
    "lint_tax_join": "、",
    "lint_dose_inverted": (
        "「{dose}」（{amount}）の価格{price}が、より少ない用量の「{smaller}」（{smaller_amount}）の"
        "{smaller_price}より安くなっています"
    ),
    "lint_dose_step": (
        "「{low}」から「{high}」への値上がりが1{unit}あたり{rise}で、ほかの段階の中央値"
        "（1{unit}あたり{median}）の{factor}倍を超えています"
    ),
    "lint_prepaid_no_expiry": "回数券「{offer}」は有効期限の定めがないため、{tail}",
    "lint_prepaid_long": (
        "回数券「{offer}」は有効期間が{months}で{limit_months}を超えるため、{tail}"
    ),
    "lint_prepaid_no_expiry_units": "本数券「{offer}」は有効期限の定めがないため、{tail}",
    "lint_prepaid_long_units": (
        "本数券「{offer}」は有効期間が{months}で{limit_months}を超えるため、{tail}"
    ),
    "lint_prepaid_no_expiry_package": "コース「{offer}」は有効期限の定めがないため、{tail}",
    "lint_prepaid_long_package": (
        "コース「{offer}」は有効期間が{months}で{limit_months}を超えるため、{tail}"
    ),
    "lint_prepaid_intro_whole": (
        "初回価格「{offer}」は{sessions}分をまとめて前払いするもので、有効期限の定めがないため、"
        "{tail}"
    ),
    "lint_prepaid_long_intro": (
        "初回価格「{offer}」は有効期間が{months}で{limit_months}を超えるため、{tail}"
    ),
    "lint_prepaid_tail": (
        "資金決済法の前払式支払手段にあたる可能性があります。3月31日または9月30日の時点で"
        "このような回数券・本数券の未使用残高が{balance}を超えると、届出と、未使用残高の"
        "半額以上の供託が必要です。専門家にご確認いただくか、有効期間を{limit_months}以内にしてください"
    ),
    "lint_segment_price_above": "「{segment}」の価格{price}が通常価格{regular}より高くなっています",
    "lint_segment_saving_below": (
        "「{segment}」の割引額{saving}が通常の割引額{regular}より少なく、"
        "この区分の方のほうが支払額が多くなります"
    ),
    "lint_extra_unit_dearer": (
        "同じ来院での追加分の価格{extra}が、最初の1つ分の価格{first}より高くなっています"
    ),
    "lint_combo_names_one_treatment": (
        "同日併用セット「{combo}」は「{first}」と「{second}」を組み合わせていますが、"
        "1回の見積もりで選べる「{treatment}」の用量は1つなので、このセットは適用されません"
    ),
    "lint_combo_same_treatments": (
        "同日併用セット「{combo}」は「{other}」と同じ治療（{treatments}）の組み合わせです。"
        "1回の来院に適用されるのは割引の大きい一方だけですが、料金表には両方が別の価格で"
        "載ります。どちらか一方を削除してください（意図どおりなら、このルールを理由とともに"
        "無効にしてください）"
    ),
    "lint_offer_every_dose": (
        "「{offer}」は用量を指定しない「{treatment}」の価格のため、どの用量にも1回あたり"
        "{per_session}で使われ、「{dose}」（{amount}）の1回の料金{price}を下回ります。"
        "1つの用量向けの価格なら、対象の治療を「{suggest}」のように用量付きで指定してください"
        "（どの用量にも同じ価格が意図どおりなら、このルールを理由とともに無効にしてください）"
    ),
    "lint_package_dearer": (
        "コースの価格{price}が、内容を1回の料金で買った場合（最大{contents}）より高くなっています"
    ),
    "lint_package_intro_above": (
        "コースの初回限定価格{intro}が通常価格{price}より高くなっています"
    ),
    "lint_ladder_step_dearer": (
        "{place}回目からの価格{price}が、{earlier_place}回目からの価格{earlier_price}より"
        "高くなっています"
    ),
    "lint_shared_above_single": (
        "共通回数券「{offer}」は1回あたり{per_session}以上で、{treatment}の1回の料金{single}より"
        "高いため、{treatment}に使うと割高です。共通回数券の価格か{treatment}の料金を確かめてください"
    ),
    "lint_upgrade_above_single": (
        "「{held}」の残り{left}回から「{offer}」へのお乗り換えは、差引後の新しい1回あたりが"
        "{per_session}で、1回の料金{price}を上回るため、乗り換えが割安になりません。"
        "セットの価格か端数処理を確認してください"
    ),
    "lint_unit_ticket_holds_none": (
        "本数券「{offer}」の{units}{ticket_unit}は、「{dose}」（{amount}）の1回分の{per}{ticket_unit}に"
        "足りないため、この用量には使えません。本数か用量を確かめてください"
    ),
    "lint_unit_ticket_leftover": (
        "本数券「{offer}」の{units}{ticket_unit}は「{dose}」（{amount}、1回{per}{ticket_unit}）の来院"
        "{held}回分で、1枚ごとに{left}{ticket_unit}が使われずに残ります。本数を{per}{ticket_unit}の倍数に"
        "するか、用量を確かめてください"
    ),
    "lint_example_unit_default": "単位",
    "lint_ticket_unit_default": "単位",
    "lint_ladder_as_price_change": (
        "回数別単価「{id}」は1回目からの段だけで販売期間があり、期間限定の1回の料金です。"
        "回数別単価は月数のあるコースでも全回を見積もり日の料金で計算するため、期間をまたぐ"
        "コースは旧料金で見積もられます。価格改定なら、回数別単価をやめて{treatment}の料金に"
        "改定日と改定後の料金を書いてください"
    ),
    "lint_top_up_above_single": (
        "「{offer}」を差額込みで「{dose}」（{amount}）に使うと1回あたり{per_session}で、"
        "1回の料金{price}を上回るため、この用量ではセットが割安になりません。"
        "差額かセットの価格を確認してください"
    ),
    "lint_ladder_within_first": (
        "回数別単価「{id}」の1回目の段の「前回から{days}日以内」は意味がありません（1回目には前回が"
        "なく、期限を過ぎたご来院はこの段の料金に戻ります）。日数の条件を2回目以降の段に移すか、"
        "削除してください"
    ),
    "lint_ladder_within_not_lower": (
        "{place}回目からの「前回から{days}日以内」の価格{price}が、期限を過ぎた場合の"
        "{earlier_place}回目からの価格{earlier_price}より安くないため、条件が料金を変えません。"
        "価格か日数の条件を確かめてください"
    ),
    "lint_ladder_first_not_single": (
        "回数別単価「{id}」の1回目の価格{price}が、治療の1回の料金{single}と違います。"
        "料金表の1回の料金は回数別単価のとおりですが、同日併用セット「{combo}」の割引は"
        "{single}を基準に計算されます（1回ずつでは{single}で請求されることはありません）"
    ),
    "lint_intro_dominated": (
        "「{treatment}」の初回価格「{id}」は見積もられることがありません。"
        "同じ患者さんが対象で販売期間中いつでも使える初回価格「{other}」のほうが、"
        "何回受けても同じか安くなるためです（初回価格は1つだけ使え、合計が最も安くなるものが"
        "選ばれます）。不要なら削除し、必要なら価格・回数・販売期間を確認してください"
    ),
    "lint_fee_group_of_one": (
        "ご希望の場合の料金「{id}」のグループ「{group}」には、ほかの料金がありません。"
        "グループは、同時に1つしか選べない料金（地域別の出張費など）をまとめるものです。"
        "グループ名の誤りでないか確認し、不要ならグループの指定を削除してください"
    ),
    "lint_advert_no_contact": (
        "お問い合わせ先の記載がありません。医療広告ガイドラインでは、自由診療の価格を示すページに"
        "お問い合わせ先が必要です。電話番号や受付窓口を記入してください"
    ),
    "lint_advert_no_course": (
        "{treatments}に標準的な治療回数・期間の記載がありません。医療広告ガイドラインでは、"
        "自由診療の価格を示すページに、通常必要な治療とその標準的な費用を、通常の治療期間・回数と"
        "ともに示す必要があります。通常の回数と期間を記入してください"
    ),
    "lint_advert_no_period": (
        "{treatments}の標準的な治療は回数の記載だけで、期間の記載がありません。"
        "医療広告ガイドラインでは、標準的な費用を通常の治療期間・回数とともに示す必要があります。"
        "通常の期間（月数）を記入してください"
    ),
    "lint_advert_no_risks": (
        "{treatments}に主なリスク・副作用の記載がありません。医療広告ガイドラインでは、"
        "自由診療の価格を示すページに主なリスク・副作用が必要です。記入してください"
    ),
    "lint_advert_no_unapproved": (
        "{treatments}が国内で承認された医薬品等を用いるかどうかの記載がありません。"
        "医療広告ガイドラインでは、未承認医薬品等（培養上清液など）を用いる治療はその旨を示す必要が"
        "あります。承認の有無を記入してください（未承認の場合、料金表は医薬品副作用被害救済制度の"
        "対象外であることも示します）"
    ),
    "lint_advert_no_obtained": (
        "{treatments}は未承認医薬品等を用いる治療ですが、入手経路の記載がありません。"
        "医療広告ガイドラインでは、その旨を示す必要があります。"
        "{upgrade}入手経路を記入してください"
    ),
    "lint_advert_upgrade": "スキーマ版2のカタログで",
    "lint_advert_no_equivalent": (
        "{treatments}は未承認医薬品等を用いる治療ですが、国内の承認医薬品等の有無の記載がありません。"
        "医療広告ガイドラインでは、その旨を示す必要があります。"
        "{upgrade}国内の承認医薬品等の有無を記入してください"
    ),
    "lint_advert_no_foreign_safety": (
        "{treatments}は未承認医薬品等を用いる治療ですが、諸外国における安全性等に係る情報の"
        "記載がありません。医療広告ガイドラインでは、その情報を示す必要があります。"
        "{upgrade}記入してください"
    ),
    "lint_name": "「{name}」",
    "lint_names_join": "",
    "lint_names_more": "{names}ほか{count}件",
    "lint_rule_sc001": (
        "回数券の1回あたりの価格が、その治療の1回の料金より高い"
        "（範囲のある価格では、どの価格でも確実に高い場合）。"
    ),
    "lint_rule_sc002": (
        "回数券がまったくお得にならない：最も回数の多い回数券の2倍までのどの回数でも、"
        "単回払いとほかの回数券で同額以下になる（確実な場合：ほかは上限、この回数券は下限で"
        "比べます。SC001に該当する場合と、1つの治療に回数券が20を超える場合は調べません）。"
    ),
    "lint_rule_sc003": (
        "月額プランの最低契約期間の費用（入会金と最低契約期間の月額）が、その間に受けられる回数を"
        "単回で払うより高い（範囲のある価格では、どの価格でも確実に高い場合）。"
    ),
    "lint_rule_sc004": (
        "初回価格が、その治療の通常の1回の料金より高い"
        "（範囲のある価格では、どの価格でも確実に高い場合）。"
    ),
    "lint_rule_sc005": (
        "同日併用セットの価格が、組み合わせる治療の1回の料金の合計より高い"
        "（範囲のある価格では、どの価格でも確実に高い場合）。"
    ),
    "lint_rule_sc006": (
        "値引き額（または同日併用セットの割引額）が値引きされる価格を上回り、明細や会計が"
        "マイナスになるおそれがある（対象となりうる最も安い価格と比べ、そうなる可能性がある場合。"
        "会計全体からの値引きは、単独で見積もれる最も少ない会計額と比べます。ほかの治療と併せて"
        "だけ受けるオプションは、その治療と合わせた額です）。"
    ),
    "lint_rule_sc007": (
        "価格の標準値が下限〜上限の範囲外にある。カタログの読み込みではファイル全体が受け付けられない"
        "ため、これを報告したうえで標準値を除いて残りを点検します（ファイルの点検のみ）。"
    ),
    "lint_rule_sc008": (
        "回数券の回数が、購入日に1回目を受け、以後週1回のペースで有効期間内に受けられる回数より多い"
        "（1か月は30.44日で計算）。本数券は、1回の来院で使える最大の本数で数えます。"
    ),
    "lint_rule_sc009": (
        "価格の幅の上限が下限の10倍を超えており、入力ミスの可能性が高い"
        "（下限が0円の範囲と上限のない範囲は調べません）。"
    ),
    "lint_rule_sc010": (
        "税抜価格のカタログの価格が税込価格に見える：その税区分の消費税を除くと、33,000円が"
        "30,000円になるように、きりのよい額になる（範囲のある価格では、すべての点で当てはまる場合）。"
    ),
    "lint_rule_sc011": (
        "多い用量が少ない用量より安い（確実な場合：多い用量の上限価格が少ない用量の下限価格より低い）。"
    ),
    "lint_rule_sc012": (
        "ある用量から次の用量への単位量あたりの値上がりが、その治療のほかの段階の中央値の3倍を超える"
        "（標準価格、なければ下限で比べます。用量が3つ以上の場合）。"
    ),
    "lint_rule_sc013": (
        "回数券の有効期間が6か月を超えるか期限の定めがないため、資金決済法の前払式支払手段にあたる"
        "可能性がある（医療機関にご確認いただくためのお知らせで、判定ではありません）。"
    ),
    "lint_rule_sc014": (
        "会員価格など区分別の価格が置き換える通常価格より高い、または同日併用セットの区分別の割引額が"
        "通常の割引額より少ない（範囲のある価格では、どの価格でも確実な場合）。"
    ),
    "lint_rule_sc015": (
        "同じ来院での追加分の価格が最初の1つ分より高い"
        "（範囲のある価格では、どの価格でも確実に高い場合）。"
    ),
    "lint_rule_sc016": (
        "同日併用セットが1つの治療の2つの用量（または治療とその用量）を組み合わせており、"
        "1回の見積もりで同時に選ばれることがないため、適用されない（存在しない治療やプランの指定と、"
        "自分自身とだけ併用できるオプションは、読み込み時のエラーになります）。"
    ),
    "lint_rule_sc017": (
        "コースの価格が、内容を1回の料金で買った合計より高い（範囲のある価格では、どの価格でも"
        "確実に高い場合。回数に応じた段階価格のある治療は調べません）。"
    ),
    "lint_rule_sc018": (
        "コースの初回限定価格が通常価格より高い（範囲のある価格では、どの価格でも確実に高い場合）。"
    ),
    "lint_rule_sc019": (
        "回数に応じた段階価格で、後の段階が前の段階より高く、通い続ける患者さんほど高く払う"
        "（範囲のある価格では、どの価格でも確実に高い場合）。"
    ),
    "lint_rule_sc020": (
        "販売期間の定めのない回数別単価の1回目の価格が治療の1回の料金と違い、その治療を含む"
        "同日併用セット（価格で定めるもの）の割引が、1回ずつでは請求されることのない"
        "1回の料金を基準に計算される。"
    ),
    "lint_rule_sc021": (
        "見積もられることのない初回価格がある（対象の患者さんが同じで、その販売期間中いつでも"
        "同じ治療のほかの初回価格が使え、そちらの価格が同じか安く、回数が同じか多い場合）。"
    ),
    "lint_rule_sc022": (
        "ご希望の場合の料金のグループに料金が1つしかない（グループ名の誤りでは、"
        "同時に選べないはずの料金が両方選べてしまいます）。"
    ),
    "lint_rule_sc023": (
        "自由診療の価格を示すページに、医療広告ガイドライン（限定解除）が求める事項の記載がない："
        "お問い合わせ先、各治療の標準的な治療回数・期間、主なリスク・副作用、未承認医薬品等か"
        "どうか、未承認医薬品等では入手経路・国内の承認医薬品等の有無・諸外国における安全性等に"
        "係る情報（治療回数は、ほかの治療と併せてだけ受けるオプションでは調べません。"
        "価格ではなくページについてのお知らせです）。"
    ),
    "lint_extra_unit_no_segment_price": (
        "「{treatment}」には「{segment}」の価格{price}がありますが、同じ来院の追加分にはなく、"
        "「{segment}」の方にも追加分は通常の{extra}で見積もられます。"
        "追加分の「{segment}」の価格を記入するか、"
        "意図どおりならこのルールを理由とともに無効にしてください"
    ),
    "lint_rule_sc024": (
        "会員（区分）価格のある治療・用量で、同じ来院の追加分の価格にはその区分の"
        "価格がない（その区分の方も追加分は通常価格で見積もられます）。"
    ),
    "lint_ladder_extra_unit_unpriced": (
        "「{treatment}」の1回の料金は回数別単価「{id}」のとおり何回目かで変わりますが、"
        "同じ来院での追加分には価格の定めがなく、何回目でも{price}で見積もられます。"
        "追加分の価格を記入してください（{price}のままでよければ、その額を記入します）"
    ),
    "lint_rule_sc025": (
        "回数別単価のある治療・用量で、同じ来院での追加分の価格の定めがなく、追加分が何回目でも"
        "回数別単価ではなく治療の1回の料金で見積もられる（回数別単価の価格がすべて1回の料金と"
        "同じ場合と、追加分を受けられない場合は調べません）。"
    ),
    "lint_revisit_every_visit": (
        "再診料「{id}」は毎回の来院で請求されるため、初診料「{first}」を払う新規の方の初回にも"
        "請求されます。初回を除く毎回の請求（再診のみ）に変えてください。"
        "意図どおりなら、このルールを理由とともに無効にしてください"
    ),
    "lint_revisit_every_visit_v1": (
        "再診料「{id}」は毎回の来院で請求されるため、初診料「{first}」を払う新規の方の初回にも"
        "請求されます。カタログのスキーマ版を2にして、初回を除く毎回の請求（再診のみ）に"
        "変えてください。意図どおりなら、このルールを理由とともに無効にしてください"
    ),
    "lint_rule_sc026": (
        "名前が再診料を表す料金（名前に「再診」、英語名に再来院を表す語を含むもの）が毎回の来院で"
        "請求され、初診料もある（新規の方の初回に両方が請求されます）。"
    ),
    "lint_rule_sc027": (
        "2つの同日併用セットが同じ治療の組み合わせ（順序は問いません）：1回の来院には割引の"
        "大きい一方だけが適用され、料金表には両方が載ります。"
    ),
    "lint_tax_standard": "標準税率（10%）",
    "lint_tax_reduced": "軽減税率（8%）",
    "lint_tax_exempt": "非課税",
    "lint_tax_out_of_scope": "不課税",
    "lint_goods_kind_rate": (
        "物販「{id}」は種類が{kind}で、{expected}の品目ですが、税区分が{tax}になっています"
        "（サプリメント・健康食品は食品で軽減税率、医薬品・医薬部外品・化粧品は標準税率です）。"
        "税区分か種類を見直してください"
    ),
    "lint_goods_reduced_no_kind": (
        "物販「{id}」は軽減税率（8%）ですが、種類の記載がありません。軽減税率の対象は"
        "食品（サプリメント・健康食品）だけです。食品なら種類を食品とし、医薬品・医薬部外品・"
        "化粧品なら標準税率にしてください"
    ),
    "lint_rule_sc028": (
        "物販の種類と税区分が合わない：食品（サプリメント・健康食品）は軽減税率、医薬品・"
        "医薬部外品・化粧品は標準税率（種類が「その他」の物販と種類のない物販は調べません）。"
    ),
    "lint_rule_sc029": (
        "軽減税率の物販に種類の記載がない（軽減税率は食品だけのもので、名前から種類は推測しません。"
        "医療機関にご確認いただくためのお知らせです）。"
    ),
    "lint_rule_sc030": (
        "用量のある治療に用量を指定せず付けた回数券・月額プラン・初回価格：どの用量にも同じ"
        "1回あたりの価格で使われ、最も安い用量より高い用量の1回の料金を下回っています"
        "（本数券は SC045・SC046 が見ます）。"
    ),
    "lint_rule_sc050": (
        "用量のある治療に用量の単位の記載がなく、名前のない用量がある：量の数字だけでは"
        "伝わらないため、料金表や見積書ではその用量を識別子で表示します。"
    ),
    "lint_rule_sc032": (
        "月額プランの入会金キャンペーンの価格が、通常の入会金より安くない（範囲のある価格では、"
        "どの価格でも確実にそうである場合）。"
    ),
    "lint_rule_sc053": (
        "初回価格、またはセット・回数券・プランとの併用不可とされた割引があるのに、"
        "それが料金表にない（記載漏れか、不要な指定）。"
    ),
    "lint_rule_sc055": (
        "期間限定・誕生月限定の割引が本数券もある治療にかかる：月数を指定し1回に2単位以上受ける"
        "見積では、本数券を買う支払い方のその治療の購入はすべて支払月ではなく見積日の日付で"
        "割引の有無が決まる。"
    ),
    "lint_rule_sc056": (
        "対象がすべて併用不可としたもの（セット・回数券・プラン・コース、または初回価格）である"
        "割引：適用されることがない。"
    ),
    "lint_rule_sc062": (
        "共通回数券の1回あたりの価格が、使える施術の1回の料金より高い：その施術には使われない。"
    ),
    "lint_rule_sc057": (
        "回数別単価の「前回から○日以内」の条件が1回目の段にある、または期限を過ぎた"
        "場合の料金より安くない：条件が料金を変えない。"
    ),
    "lint_rule_sc063": (
        "名前や注記で物販のプレゼントをうたうセットに、含まれる物販の記載がない："
        "物販も買う患者に二重に請求されます。"
    ),
    "lint_rule_sc067": (
        "1回目からの段だけで販売期間のある回数別単価：価格改定なら施術の料金に改定日と"
        "改定後の料金を書きます。"
    ),
    "lint_rule_sc064": (
        "差額込みの1回あたりの価格がその用量の1回の料金を上回る回数券："
        "その用量ではセットが割安になりません。"
    ),
    "lint_rule_sc065": (
        "乗り換えの差引後の新しい1回あたりが、その施術の1回の料金を上回るセット："
        "乗り換えが割安になりません。"
    ),
    "lint_rule_sc066": (
        "用量の量で数える本数券が、使う用量の1回分に足りないか、1枚の4分の1以上が使われずに残る："
        "本数か用量の誤りかもしれません。"
    ),
    "lint_rule_sc060": (
        "名前のない会員区分：料金表や見積書に区分の識別子がそのまま表示されます（会員、"
        "ご紹介の方などを除く）。"
    ),
    "lint_rule_sc061": (
        "分割払いの実質年率が、カタログで最も高い回数券・コースなどの金額に利息制限法が定める"
        "上限を超える（この上限が個別クレジットに直接適用されるかは未確認：医療機関にご確認"
        "いただくためのお知らせで、判定ではありません）。"
    ),
    "lint_rule_sc054": (
        "1回の来院で複数受けられる用量のある治療に、その数え方（本、バイアルなど）の記載が"
        "ない：文書では「単位」と数えます。"
    ),
    "lint_rule_sc052": (
        "会員価格のある治療を、段階に会員価格のない回数で変わる料金が常に価格付けしている"
        "（会員価格が請求されない）。"
    ),
    "lint_rule_sc051": (
        "同時施術割引との併用不可とされた割引があるのに、同時施術割引がない"
        "（同時施術割引の記載漏れか、不要な指定）。"
    ),
    "lint_rule_sc045": "本数で数える回数券（本数券）の治療が、1回の来院で1単位しか受けられない。",
    "lint_rule_sc046": "本数で数える回数券（本数券）が、用量のある治療で用量を指定していない。",
    "lint_rule_sc040": (
        "先着順の人数を限った回数券・コースに、お一人様が買える数の定めがない：1人の患者が"
        "複数の枠を買えるものとして見積もられる（お一人様1セット限りかどうかを書く）。"
    ),
    "lint_rule_sc041": (
        "月額プランの初月の価格が、月額以上になっている：初月の割引にならない"
        "（価格の入れ違いを確かめる）。"
    ),
    "lint_rule_sc042": (
        "当院が初めての方向けの割引が月額プランを名指ししている：毎月の月額から引かれる"
        "（初月だけの割引ならプランの初月の価格として書く）。"
    ),
    "lint_rule_sc031": (
        "まとめて売る初回限定セットの価格が、1回の料金より安い（1回あたりの価格を書いた可能性）。"
    ),
}

EN: Final[Mapping[str, str]] = {
    "price_list_title": "Price list",
    "estimate_title": "Estimate",
    "comparison_title": "Plan comparison",
    "clinic": "Clinic",
    "contact": "Contact",
    "registration_number": "Registration number",
    "treatments": "Treatments",
    "combos": "Same-day combinations",
    "fees": "Fees",
    "goods": "Goods",
    "goods_unit": "Unit",
    "goods_kind": "Type",
    "goods_monthly": "Monthly delivery",
    "goods_monthly_asked": "Delivered monthly",
    "line_goods_monthly": "{name} (delivered monthly)",
    "line_goods_included": "{name} (included with the set)",
    "line_top_up": "top-up ({dose})",
    "line_credit": "credit for {left} sessions left",
    "goods_min_months": "delivered monthly, at least {months} deliveries",
    "goods_monthly_price": "{price} a month (at least {months} deliveries)",
    "goods_monthly_price_any": "{price} a month",
    "goods_kind_food": "food",
    "goods_kind_drug": "drug",
    "goods_kind_quasi_drug": "quasi-drug",
    "goods_kind_cosmetic": "cosmetic",
    "goods_kind_other": "other",
    "discounts": "Discounts",
    "disclosures": "Please note",
    "provenance": "Sources and notes",
    "tax_included": "{amount} (tax incl.)",
    "tax_included_typical": "{amount} (tax incl., typical {typical})",
    "tax_excluded_beside": "{amount} (tax incl.; {excluded} before tax)",
    "tax_excluded_beside_typical": (
        "{amount} (tax incl., typical {typical}; {excluded} before tax, typical {excluded_typical})"
    ),
    "money_typical": "{amount} (typical {typical})",
    "money_at_point": "{amount} ({point} {typical})",
    "amount_excluded": "{amount} (before tax)",
    "prices_note_included": "All prices include consumption tax.",
    "prices_note_excluded": (
        "All prices include consumption tax (added to the prices before tax)."
    ),
    "tax_date": "Tax rates as of {date}.",
    "about": "about {amount}",
    "self_pay": "Self-pay (not covered by health insurance)",
    "self_pay_long": (
        "The treatments shown are self-pay (自由診療): public health insurance does not "
        "cover them and the patient pays the full cost."
    ),
    "self_pay_long_except": (
        "Except the non-taxable {items}, the treatments shown are self-pay (自由診療): public "
        "health insurance does not cover them and the patient pays their full cost."
    ),
    "single_price": "One session",
    "single_by_place": "depends on the session's number: see prices by session number below",
    "price_change": "{price} from {date}",
    "bracket_close": ")",
    "aside_join": "; ",
    "list_join": ", ",
    "exempt_join": "list:standard",
    "sentence_join": " ",
    "break_even_join": "; ",
    "aside_bracket": "{text} ({clause})",
    "reduced_mark": "*",
    "reduced_legend": "* reduced tax rate (8%)",
    "typical_course": "Usual number of sessions and period",
    "typical_course_value": "{sessions} sessions over {months} months",
    "typical_course_sessions_only": "{sessions} sessions (period not stated)",
    "typical_cost": "Standard cost",
    "typical_cost_value": "{amount} (tax incl., way of buying: {plan}, first-visit costs included)",
    "typical_cost_value_typical": (
        "{amount} (tax incl., typical {typical}, way of buying: {plan}, first-visit costs included)"
    ),
    "typical_cost_doses": (
        "{amount} (tax incl., depending on the dose; the cheapest way of buying, "
        "first-visit costs included)"
    ),
    "typical_cost_doses_typical": (
        "{amount} (tax incl., typical {typical}, depending on the dose; the cheapest way of "
        "buying, first-visit costs included)"
    ),
    "typical_cost_unknown": "cannot be computed ({reason})",
    "typical_cost_campaign": "At a campaign price for the first patients only",
    "typical_cost_campaign_dose": (
        "{dose}: {amount} (tax incl., way of buying: {plan}, first-visit costs included; "
        "{standard} at the usual prices)"
    ),
    "typical_cost_campaign_dose_typical": (
        "{dose}: {amount} (tax incl., typical {typical}, way of buying: {plan}, first-visit "
        "costs included; {standard} at the usual prices)"
    ),
    "typical_cost_campaign_join": "; ",
    "risks": "Main risks and side effects",
    "missing": "not stated",
    "unapproved": "Unapproved drug or product",
    "unapproved_yes": (
        "This treatment uses a drug or product not approved in Japan. "
        "The public relief system for adverse drug reactions does not cover it."
    ),
    "obtained": "How it is obtained",
    "domestic_equivalent": "Approved equivalent in Japan",
    "foreign_safety": "Safety information abroad",
    "ask_clinic": "ask the clinic",
    "unapproved_no": "This treatment uses drugs or products approved in Japan.",
    "route": "Route",
    "cell_source": "Source",
    "origin": "Made",
    "note": "Note",
    "note_of": "{label} ({who})",
    "note_line": "{label}: {text}",
    "bundles": "Sets and courses",
    "bundle_top_up": "{dose} with a top-up of {price} a session",
    "bundle_top_ups": (
        "{offer}: {top_ups}. The saving compares every session of the set at that dose."
    ),
    "bundle_saving_by_place": (
        "The saving compares with paying each session singly from the first one, for a "
        "patient new to this treatment (prices by session number below); for a patient who "
        "has had it before, the singles cost what their session numbers say."
    ),
    "plans": "Monthly plans",
    "intros": "First-time prices",
    "offer": "Plan",
    "sessions": "Sessions",
    "sessions_count": "{count} sessions",
    "sessions_count_one": "1 session",
    "visits_count": "{count} visits",
    "visits_count_one": "1 visit",
    "sessions_range": "{low}–{high} sessions",
    "months_count_one": "1 month",
    "line_ladder": "{name} ({places})",
    "line_package": "{name} ({contents})",
    "line_shared": "{name} (shared set, used for {contents})",
    "shared_contents": "{count} shared by {names}, in any split",
    "shared_join": "list:standard",
    "line_package_intro": "{name} (first-time price; {contents})",
    "line_kind": "{name} ({kind})",
    "totals_by_sessions": "Total by number of sessions",
    "dash_note": "“—”: at that count this way of buying is the same as another, or not possible.",
    "total": "Total",
    "per_session": "Per session",
    "per_visit": "Per visit",
    "excluding_goods": "{label} (excluding goods)",
    "saving": "Against single sessions",
    "saving_value": "saves {amount}",
    "saving_none": "no saving ({amount} more)",
    "saving_zero": "same cost",
    "at_least": "at least {amount}",
    "saving_points": "{low} at the low end, {high} at the high end",
    "saving_by_dose": "{low} at {low_dose}, {high} at {high_dose}",
    "saving_points_typical": (
        "{low} at the low end, {typical} at the {point} point, {high} at the high end"
    ),
    "unknown": "unknown",
    "valid_months": "Valid for",
    "months_count": "{count} months",
    "valid_for": "valid for {months}",
    "no_expiry": "not stated",
    "monthly_fee": "Monthly fee",
    "sessions_per_month": "Sessions a month",
    "carry_over": "unused sessions carry over to the next month",
    "sessions_carried": "{sessions} ({carry})",
    "min_months": "Minimum term",
    "min_term_cost": "Cost of the minimum term",
    "enrollment_fee": "Enrollment fee",
    "enrollment_campaign": "Enrollment fee campaign",
    "first_month": "First-month offer",
    "first_month_free": "first month free",
    "first_month_price": "first month {price}",
    "first_months_free": "first {months} months free",
    "first_months_price": "first {months} months {price} each",
    "enrollment_free": "free",
    "extra_session_price": "Extra session",
    "early_termination_fee": "Early termination fee",
    "not_offered": "none",
    "intro_price": "First-time price",
    "intro_sessions": "first {count} sessions, new patients only",
    "intro_sessions_one": "first session, new patients only",
    "intro_sessions_first_time": "first {count} sessions, for anyone new to this treatment",
    "intro_sessions_first_time_one": "first session, for anyone new to this treatment",
    "intro_whole": "first {count} sessions as one set, new patients only",
    "intro_whole_first_time": "first {count} sessions as one set, for anyone new to this treatment",
    "ladders": "Prices by session number",
    "ladder_places": "sessions {low}–{high}",
    "ladder_place": "session {place}",
    "ladder_from": "from session {place}",
    "ladder_within": "{places}, within {days} days of the previous session",
    "ladder_lapsed": "not within {days} days of the previous session, priced as {step}",
    "ladder_dated": "{places}, within {days} days of the last session's date",
    "ladder_within_notice": (
        'A price "within N days of the previous session" holds only for a session within '
        "that many days of the patient's previous one; a later session, and a first session "
        "whose previous session's date was not given, costs the last earlier step whose "
        "condition it meets (in practice the last step without a days condition)."
    ),
    "ladder_item": "{name} ({places})",
    "ladder_notice": (
        "The price of a session paid singly. A session's number counts every earlier "
        "session of this treatment, those of sets and plans included."
    ),
    "combo_treatments": "Treatments",
    "packages": "Packages of several treatments",
    "packages_any": "Packages",
    "package_contents": "Contents",
    "package_intro_price": "First-time price",
    "history": "Sessions already had",
    "last_visit": "Last session",
    "first_visit": "First session",
    "bought_before": "Bought before (limited per patient)",
    "holding": "Sets held",
    "sessions_left": "{count} sessions left",
    "enrolled_before": "Joined before (no first-month price)",
    "sold_out_places": "Sold out (first patients only)",
    "package_no_intro": "—",
    "combo_discount": "{amount} off the single prices added up",
    "combo_discount_typical": "{amount} off the single prices added up (typical {typical})",
    "combo_discount_short": "{amount} off",
    "combo_price": "{amount} for the set",
    "combo_single_sessions_only": "not with sets or first-time prices",
    "line_single_sessions_only": "{name} ({restriction})",
    "fee_charged_first_visit": "first visit (new patients)",
    "fee_charged_every_visit": "every visit",
    "fee_charged_cancellation": "only for a visit cancelled on the day or missed, each time",
    "fee_charged_return_visit": "every return visit (each visit but a new patient's first)",
    "fee_charged_every_visit_scoped": "every visit with a treatment it applies to",
    "fee_charged_return_visit_scoped": (
        "every return visit with a treatment it applies to (not a new patient's first)"
    ),
    "fee_charged_once": "once",
    "fee_charged_first_time": "once, for a patient new to the treatment",
    "fee_charged_first_time_scoped": "once, for a patient new to a treatment it applies to",
    "fee_charged_yearly": "yearly (at the first visit, then the first visit of each later year)",
    "line_yearly": "{name} (yearly)",
    "line_taken_by_month": "with {names}",
    "price_per_year": "{price} per year",
    "fee_when": "Charged",
    "price": "Price",
    "discount_amount": "{amount} off",
    "discount_percent": "{percent}% off",
    "applies_to": "Applies to",
    "discount_off": "Discount",
    "conditions": "Conditions",
    "whole_bill": "the whole bill",
    "single_sessions_of": "{name}, single sessions",
    "cond_new_patients": "new patients only",
    "fee_waived_when_treated": "waived on a day with treatment",
    "fee_waived_with": "waived when buying {offers}",
    "offers_either": " or ",
    "bundle_includes": "{offer}: includes {goods} (free)",
    "bundle_includes_label": "Includes (free)",
    "included_goods": "{name}, {count} {unit}",
    "fee_optional": "only if requested",
    "fee_optional_weekend": "only on weekends and public holidays",
    "fee_optional_after_hours": "only outside regular hours",
    "fee_one_of": "one of {names}",
    # "list:or": CLDR's list pattern for one of them, "A, B, or C" (Words.listed).
    "fee_one_of_joiner": "list:or",
    "fee_group_named": "{group} (one of these, only if requested)",
    "cond_from": "from {date}",
    "cond_until": "until {date}",
    "cond_min_sessions": "at least {count} sessions",
    "cond_min_amount": "a bill of at least {amount}",
    "cond_stacks": "combines with other discounts",
    "cond_excludes": "does not combine with {names}",
    "cond_without_combos": "not with combination savings",
    "cond_without_first_time": "not with first-time prices",
    "cond_without_offers": "not with sets, tickets or plans",
    "excludes_join": "list:or",
    # Catalog schema 2: doses, units, options, member prices, sales windows
    "dose": "Dose",
    "any_dose": "any dose",
    "extra_unit_price": "Each further {unit} at the same visit",
    "extra_unit_segment": "{extra}: {segment}",
    "max_units": "up to {count} {unit} a visit",
    "max_units_fact": "up to {count} {unit}",
    "unit_default": "units",
    "unit_default_one": "unit",
    "units_per_visit": "Units per visit",
    "units_count": "{count} {unit}",
    "with_units": "{name} ({units})",
    "segment": "Prices for",
    "segment_discounts": "Discounts for",
    "segment_discounts_for": "discounts for {who}",
    "options": "Options",
    "option_with": "Only with",
    "segment_price": "{segment} price",
    "segment_price_people": "{segment} price",
    "segment_name_member": "Member price",
    "segment_name_vip": "VIP price",
    "segment_name_referred": "Referral price",
    "segment_same": "as regular",
    "segment_join": "joining {segment}",
    "segment_join_member": "joining as member",
    "segment_join_vip": "joining as VIP",
    "segment_join_referred": "registering as referred",
    "segment_join_discounts": "joining {segment} for its discounts",
    "segment_join_discounts_named": "joining {segment} for its discounts",
    "segment_join_discounts_people": "joining {segment} for its discounts",
    "segment_join_discounts_member": "joining as member for the members' discounts",
    "segment_join_discounts_vip": "joining as VIP for the VIP discounts",
    "segment_join_discounts_referred": "registering as referred for the referral discounts",
    "segment_not_charged": "not charged",
    "segment_joining_fee": "{header} ({fee} {price})",
    "fee_charged_joining": "once, on joining {segment}",
    "fee_charged_joining_member": "once, on joining as member (then member prices)",
    "fee_charged_joining_vip": "once, on joining as VIP (then VIP prices)",
    "fee_charged_joining_referred": "once, on registering as referred (then referral prices)",
    "fee_charged_yearly_joining": "on joining {segment}, then yearly",
    "fee_charged_yearly_joining_member": "on joining as member, then yearly (member prices)",
    "fee_charged_yearly_joining_vip": "on joining as VIP, then yearly (VIP prices)",
    "fee_charged_yearly_joining_referred": (
        "on registering as referred, then yearly (referral prices)"
    ),
    "fee_charged_joining_discounts": "once, on joining {segment}",
    "fee_charged_joining_discounts_member": "once, on joining as member (then members' discounts)",
    "fee_charged_joining_discounts_vip": "once, on joining as VIP (then VIP discounts)",
    "fee_charged_joining_discounts_referred": (
        "once, on registering as referred (then referral discounts)"
    ),
    "fee_charged_yearly_joining_discounts": "on joining {segment}, then yearly",
    "fee_charged_yearly_joining_discounts_member": (
        "on joining as member, then yearly (members' discounts)"
    ),
    "fee_charged_yearly_joining_discounts_vip": "on joining as VIP, then yearly (VIP discounts)",
    "fee_charged_yearly_joining_discounts_referred": (
        "on registering as referred, then yearly (referral discounts)"
    ),
    "on_sale": "On sale",
    "window_join": " ",
    "first_n": "first {count} patients",
    "first_n_one": "first patient only",
    "per_patient": "at most {count} per patient",
    "per_patient_one": "one per patient",
    "cond_birth_month": "in your birth month",
    "cond_segments": "{who} only",
    "segment_who": "{segment} patients",
    "segment_who_named": "{segment}",
    "segment_who_people": "{segment}",
    "segment_people_ends": "",
    "segment_join_named": "joining {segment}",
    "segment_who_member": "members",
    "segment_who_vip": "VIP members",
    "segment_who_referred": "referred patients",
    "every_treatment": "every treatment",
    "csv_dose": "dose",
    "csv_option": "option",
    "no_conditions": "no conditions",
    "issued": "Issued",
    "issuer": "Issued by",
    "estimate_number": "Estimate no.",
    "addressee": "Addressee",
    "addressee_value": "To: {name}",
    "valid_until": "Valid until",
    "valid_days": "{date} ({days} days from issue)",
    "valid_campaign_end": "{date} (the last day of {name})",
    "valid_first_month_end": "{date} (the last day of the first-month price of {name})",
    "valid_enrollment_campaign_end": (
        "{date} (the last day of the enrollment fee campaign of {name})"
    ),
    "valid_birth_month_end": "{date} (the end of the birth month the discount is for)",
    "request": "Request",
    "treatment": "Treatment",
    "months": "Period",
    "months_free": "not fixed",
    "with": "Given with",
    "patient": "Patient",
    "new_patient": "new patient",
    "returning_patient": "returning patient",
    "chosen_fees": "Fees added",
    "birth_month": "Birth month",
    "sessions_priced_for": "{range} (estimated for {priced})",
    "across_note": (
        "The sessions asked for are a range: the plan and total above are for the most, "
        "{priced}. The cheapest way and its total at each count:"
    ),
    "chosen_plan": "Quoted plan (the cheapest)",
    "chosen_plan_at": "Quoted plan (the cheapest at {points} prices)",
    "chosen_plan_ranked": "Quoted plan",
    "item": "Item",
    "quantity": "Qty",
    "unit_price": "Unit price",
    "amount": "Amount",
    "tax_summary": "By tax rate",
    "rate_label": "{rate}% items",
    "rate_exempt": "Tax-exempt",
    "rate_out_of_scope": "Outside the tax",
    "taxable": "Before tax",
    "consumption_tax": "Consumption tax",
    "amount_included": "Including tax",
    "subtotal": "Subtotal",
    "grand_total": "Total (tax incl.)",
    "sessions_bought": "Sessions bought",
    "sessions_unused": "Sessions left unused",
    "units_unused": "Units left on tickets",
    "sessions_unused_of": "Sessions left unused ({name})",
    "payments": "Payment schedule",
    "payments_before_tax": (
        "No month-by-month payments: this catalog's prices are before tax, and tax is rounded "
        "once per rate over the whole bill, so amounts split by month could fail to add up to "
        "the bill."
    ),
    "month": "When",
    "month_first": "month 1 (first visit)",
    "month_n": "month {month}",
    "runners_up": "Other plans",
    "difference": "Difference from the quoted plan",
    "difference_value": "{amount} more",
    "difference_same": "same cost",
    "difference_less": "{amount} less",
    "lines_included": "Line amounts include tax.",
    "unit_discounts_included": "Unit prices include: {names}",
    "plan_discount_month": "Taken off the payment of {month}: {names}",
    "plan_discount_month_carried": (
        "Taken off the payment of {month}, and what that payment cannot take off the "
        "following months': {names}"
    ),
    "plan_discount_month_if_carried": (
        "Taken off the payment of {month}, and whatever that payment cannot take off the "
        "following months': {names}"
    ),
    "yearly_once": (
        "No course length was given and this way of buying does not set one, so each yearly "
        "fee is counted for one year; give the course's months if it runs longer than a year."
    ),
    "yearly_plan_months": (
        "No course length was given: the course runs the monthly plan's {months} months, and "
        "each yearly fee is counted in each of their years."
    ),
    "unit_discount_named": "{name} ({off})",
    "unit_discounts": "Discounts in unit prices",
    "unit_discounts_of": "{name}: unit prices include {names}",
    "loan_term": "{name} ({rate}, {count} instalments): {monthly} a month{odd}",
    "loan_listed": "{name} ({rate}, up to {count} instalments)",
    "loans": "Instalments",
    "loan_apr": "APR {rate}%",
    "loan_addon": "add-on rate {rate}%",
    "loan_first": " (first payment {amount})",
    "loan_last": " (last payment {amount})",
    "dearest_units": (
        "This way buys a unit ticket and uses more than one unit a visit: the units the ticket "
        "does not pay, first and further, are priced as in a month without the campaign or "
        "birth-month discount that holds in some months only (which visits' units the ticket "
        "pays would decide their months' prices), so the clinic's bill is never above this."
    ),
    "dearest_units_of": "{name}: {note}",
    "lines_excluded": "Line amounts are before tax; tax is computed once per rate.",
    "no_runners_up": "no other plans",
    "estimate_notice": (
        "This estimate is based on the price list; the actual cost may change "
        "after the consultation."
    ),
    "range_notice": "Prices are ranges, so amounts are shown from the low to the high end.",
    "range_notice_gaps": (
        'A price "within N days of the previous session" depends on when the patient comes '
        "back, so amounts are shown from the low end (every session back within those days) "
        "to the high end (none)."
    ),
    "cumulative_cost": "Cumulative cost",
    "session_axis": "Sessions",
    "cheapest": "Cheapest",
    "cheapest_total": "Cheapest total",
    "way": "Way of buying",
    "break_even": "Break-even points",
    "break_even_at": "cheaper than single sessions from {count} sessions, at {point} prices",
    "break_even_never": (
        "not cheaper than single sessions up to {count} sessions, at {point} prices"
    ),
    "break_even_marker": "break-even {count}",
    "break_even_assumes": (
        "Counted for {name} alone {course}against single sessions, fees and tax included, "
        "without discounts, other treatments, goods, first-time prices{first_month} "
        "or sessions already had."
    ),
    "break_even_first_month": ", a plan's first-month price",
    "break_even_course_months": "over {months} months ",
    "break_even_after_history": (
        "This course goes on from sessions already had, so no break-even point (a new "
        "course's count) is shown."
    ),
    "break_even_none": (
        "There is no set or plan of this treatment alone to buy on these terms to compare "
        "with single sessions, so there is no break-even point."
    ),
    "chart_title": "Cumulative cost by number of sessions",
    "chart_legend_note": (
        "Lines show the standard amount (the low end where unknown); bands the low to high end."
    ),
    "not_available": "—",
    "chart_in_html": "The chart is in the HTML report.",
    "csv_kind": "Kind",
    "csv_low": "low",
    "csv_range": "{label} ({end})",
    "csv_range_included": "{label} (tax incl., {end})",
    "grand_total_range": "Total (tax incl., {end})",
    "csv_typical": "typical",
    "csv_high": "high",
    "csv_text": "Shown as",
    "csv_single": "single session",
    "csv_bundle": "set",
    "csv_bundle_units": "unit ticket",
    "csv_subscription": "monthly plan",
    "csv_min_term": "monthly plan, minimum term",
    "csv_plan_term": "{plan}, {kind}",
    "csv_statement": "statement",
    "csv_intro": "first-time price",
    "csv_intro_whole": "first-time set",
    "csv_ladder": "price by session number",
    "csv_disclosure": "about the treatment",
    "csv_package": "package",
    "csv_shared": "shared set",
    "csv_package_intro": "package, first-time price",
    "csv_valid_months": "Valid for (months)",
    "csv_combo": "combination",
    "csv_fee": "fee",
    "csv_goods": "goods",
    "csv_goods_monthly": "goods (monthly delivery)",
    "csv_optional_fee": "fee (only if requested)",
    "csv_fee_group": "Fee group",
    "csv_discount": "discount",
    "csv_line": "line",
    "csv_tax": "tax rate",
    "csv_total": "total",
    "csv_payment": "payment",
    "csv_runner_up": "other plan",
    "csv_unit_discount": "unit price discount",
    "csv_request_line": "Line",
    "csv_sessions_unused": "Sessions unused",
    "csv_date": "Date",
    "csv_contract": "contract",
    "csv_contract_sessions": "Sessions in the contract",
    "csv_contract_units": "Units in the contract",
    "csv_units_column": "Units",
    "csv_contract_reason": "reason",
    "csv_contract_line": "may be kept",
    "csv_contract_note": "other limit",
    "tax_included_short": "tax incl.",
    "tax_excluded_short": "before tax",
    "way_singles": "Single sessions",
    "way_intro": "First-time price, then singles",
    "way_mix": "Combination",
    "way_upgrade": "upgrade to {set}",
    "way_joining": "{way}, {joining}",
    "offer_name_bundle": "{treatment}, set of {sessions}",
    "offer_name_subscription": "{treatment}, monthly plan",
    "offer_name_intro": "{treatment}, first-time price",
    "offer_name_ladder": "{treatment}, price by session",
    "name_joiner": " + ",
    "deduction": (
        "Self-pay treatment for appearance or health promotion is generally not deductible "
        "as a medical expense (医療費控除)."
    ),
    "generated_by": "Made with supecost",
    "route_iv_drip": "IV drip",
    "route_injection": "injection",
    "route_nasal": "nasal",
    "route_nebulizer": "nebulizer",
    "route_topical": "topical",
    "route_scalp": "scalp injection",
    "route_other": "other",
    "cell_dental_pulp": "dental pulp",
    "cell_adipose": "adipose tissue",
    "cell_umbilical_cord": "umbilical cord",
    "cell_cord_blood": "umbilical cord blood",
    "cell_placenta": "placenta",
    "cell_bone_marrow": "bone marrow",
    "cell_amnion": "amnion",
    "cell_other": "other",
    "origin_domestic": "in Japan",
    "origin_overseas": "abroad",
    "yes": "yes",
    "no": "no",
    "quote_new": "new patient",
    "quote_history": "already had {had}",
    "quote_from": "from {date}",
    "quote_units": " ({units} {unit})",
    "quote_returning": "returning patient",
    "quote_tax_included": "prices include tax",
    "quote_tax_excluded": "tax added to prices",
    "quote_separator": " · ",
    "quote_rank": "#",
    "quote_unused": " ({count} unused)",
    "quote_unused_of": " ({name}: {count} unused)",
    "quote_unused_units": " ({count} {unit} unused)",
    "unit_ticket_count": "ticket for {count} {unit}",
    "unit_ticket_each": "{each} per {unit}",
    "unit_ticket_text": "ticket for {count} {unit} ({each} per {one})",
    "unit_ticket_saving": "{saving} against one {unit} a visit",
    "unit_ticket_saving_amount": "{saving} against paying each dose's visits singly",
    "unit_tickets": "Unit tickets",
    "bundles_and_unit_tickets": "Sets, unit tickets and courses",
    "units_header": "Units ({unit})",
    "per_unit_header": "Per {unit}",
    "sessions_or_units_header": "Sessions / units ({unit})",
    "per_session_or_unit_header": "Per session / {unit}",
    "quote_best": "Cheapest: {name} — {amount}",
    "quote_best_at": "Cheapest at {points} prices: {name} — {amount}",
    "quote_ranked_first": "Ranked first: {name} — {amount}",
    "quote_ranked_first_count": "Ranked first for {sessions}: {name} — {amount}",
    "quote_best_count": "Cheapest for {sessions}: {name} — {amount}",
    "quote_best_at_count": "Cheapest for {sessions} at {points} prices: {name} — {amount}",
    "point_min": "low",
    "point_typical": "typical",
    "point_typical_mixed": "typical (low-end where none is stated)",
    "point_typical_low": "low-end (no standard price is stated)",
    "point_typical_gaps": "low-end (every session back within its days of the previous one)",
    "point_winner": "{point}: {name}",
    "point_winner_join": ", ",
    "cheapest_points": "{name} ({points})",
    "cheapest_join": " / ",
    "cheapest_depends": "depends on prices",
    "point_max": "high",
    "point_join": ", ",
    "quote_saving_singles": "Against single sessions: {saving}",
    "quote_saving_runner_up": "Against the runner-up ({name}): {saving}",
    "quote_uncertain": ("The cheapest way depends on where prices fall ({winners})"),
    "quote_unknown_at": "At the {points} end the cheapest way is not known ({winners})",
    "quote_certain": "The same way is cheapest wherever prices fall in their ranges",
    "grand_total_of": "Total (tax incl., {name})",
    "cheaper_at_winner": "Cheapest at {point} prices: {name}",
    "cheaper_at_of_priced": "Cheapest at {point} prices of the ways priced there: {name}",
    "cheaper_total": "{cheaper} — {amount}",
    "quote_break_even": "Pays off against single sessions, at {point} prices, from",
    "quote_break_even_from": "{count} sessions",
    "quote_break_even_from_one": "1 session",
    "quote_break_even_never": "not within {count} sessions",
    "quote_lines": "Lines ({name})",
    "quote_kind": "Kind",
    "quote_tax_line": "Consumption tax ({rate}%)",
    "quote_tax_inner": "of which consumption tax ({rate}%)",
    "quote_unserved": "Ways of buying that cannot serve this request",
    "unserved_allowance": (
        "allows {per_month} session(s) a month and no extra sessions, so it cannot serve "
        "{sessions} sessions over {months} months; give more months or choose another plan"
    ),
    "unserved_sales_window": (
        "bought in its sales window, it serves no session of this {months}-month course; "
        "check its sales window and validity"
    ),
    "quote_across": "Cheapest by session count",
    "kind_single": "single",
    "kind_bundle": "set",
    "kind_bundle_units": "unit ticket",
    "kind_top_up": "top-up",
    "kind_credit": "upgrade credit",
    "kind_intro": "first-time",
    "kind_subscription": "monthly fee",
    "kind_enrollment": "enrollment fee",
    "kind_enrollment_campaign": "enrollment fee, campaign price",
    "kind_first_month": "first month",
    "kind_early_termination": "early termination fee",
    "kind_extra_session": "extra session",
    "kind_extra_unit": "further units in a visit",
    "kind_package": "package",
    "kind_shared": "shared set",
    "kind_package_intro": "package, first-time",
    "kind_ladder": "by session's place",
    "kind_combo": "combo",
    "kind_discount": "discount",
    "kind_fee": "fee",
    "kind_goods": "goods",
    "kind_goods_included": "goods (included)",
    "kind_goods_monthly": "goods (monthly delivery)",
    "record_id": "id",
    "record_kind": "kind",
    "record_name": "name",
    "record_treatment": "treatment",
    "record_bundle": "bundle",
    "record_bundle_units": "unit ticket",
    "record_subscription": "subscription",
    "record_intro": "intro",
    "record_package": "package",
    "record_shared": "shared set",
    "record_ladder": "ladder",
    "single_by_ladder": "single sessions priced by session number (see “{name}”)",
    "single_by_ladder_window": "{window}: single sessions priced by session number (see “{name}”)",
    "record_combo": "combo",
    "record_fee": "fee",
    "record_discount": "discount",
    "record_dose": "dose",
    "record_goods": "goods",
    "goods_reduced_rate": "reduced tax rate",
    "record_details": "details",
    "contract_title": "Cancelling the contract",
    "contract_rules": "Rules",
    "contract_rules_cosmetic_medicine": "cosmetic medicine (specified continuous service)",
    "contract_rules_beauty_salon": "beauty salon (specified continuous service)",
    "contract_rules_none": "treated as not covered",
    "contract_rules_source": "Rules from",
    "contract_rules_from_catalog": "the catalog's flag",
    "contract_rules_from_caller": "given for this contract, not the catalog's flag",
    "contract_rules_from_default": "the default: the catalog sets no flag",
    "contract_applicable": "Specified continuous service",
    "contract_covered": "covered",
    "contract_not_covered": "not covered",
    "contract_received": "Contract document received",
    "contract_cooling_off_until": "Cooling-off until",
    "contract_cooling_off_gives": "cancel by then and nothing is owed",
    "contract_not_applicable": "does not apply",
    "contract_cancel_on": "Cancelled on",
    "contract_used": "Sessions used",
    "contract_used_units": "Units used",
    "contract_used_of_units": "{used} / {total} {unit}",
    "contract_total": "Contract amount",
    "contract_price_basis": "What made the price",
    "contract_agreed_price": "Price given",
    "contract_agreed_set": "{price} a set ({basis})",
    "contract_agreed_month": "{price} a month ({basis})",
    "contract_agreed_session": "{price} a session ({basis})",
    "contract_per_session": "Contract price per session",
    "contract_per_unit": "Contract price per {unit}",
    "contract_valid_until": "Valid until",
    "contract_term_ends": "Last day of the term",
    "contract_enrollment_campaign": (
        "{amount} (the enrollment fee campaign's price, in the amount above)"
    ),
    "contract_goods": "Related goods",
    "contract_goods_value": "{amount} (not in this settlement)",
    "contract_paid": "Paid",
    "contract_keep_max": "Clinic may keep at most",
    "contract_refund_min": "Refund at least",
    "contract_owed_max": "Patient may still owe at most",
    "contract_reasons": "Why",
    "contract_breakdown": "What may be kept",
    "reason_not_flagged": (
        "the catalog flags the treatment or offer as not covered (contract_rules = none); "
        "supecost never infers coverage, so only the clinic's own terms apply"
    ),
    "reason_not_flagged_caller": (
        "no statutory rules were given for this contract (rules = none, not the catalog's "
        "flag), so only the clinic's own terms apply"
    ),
    "reason_not_flagged_default": (
        "the catalog does not flag the treatment or offer (no contract_rules), so by default "
        "it is treated as not covered; supecost never infers coverage, so only the clinic's "
        "own terms apply"
    ),
    "reason_flagged": "the catalog flags the treatment or offer as covered: {rules}",
    "reason_flagged_caller": (
        "the rules for {rules} were given for this contract, not taken from the catalog's flag"
    ),
    "reason_before_in_force": (
        "the contract was received on {received}, before the rules for {rules} took effect "
        "on {in_force}"
    ),
    "reason_period_over": "the service period of {months} months is over {period}",
    "reason_period_not_over": "the service period of {months} months is not over {period}",
    "reason_single_session": "a contract for {sessions} session is not a period over {period}",
    "reason_single_session_units": (
        "a contract for {sessions} {unit} is not a period over {period}"
    ),
    "reason_sessions_only_over_units": (
        "the contract fixes only a number of units ({sessions} {unit}), which counts as over "
        "{period}"
    ),
    "reason_sessions_only_not_over_units": (
        "the contract fixes only a number of units ({sessions} {unit}); special circumstances "
        "were assumed (sessions_only_over_month = False), so it is not over {period}"
    ),
    "reason_sessions_only_over": (
        "the contract fixes only a number of sessions ({sessions}), which counts as over {period}"
    ),
    "reason_sessions_only_not_over": (
        "the contract fixes only a number of sessions ({sessions}); special circumstances "
        "were assumed (sessions_only_over_month = False), so it is not over {period}"
    ),
    "reason_amount_over": "the amount {amount} ({taxed}) is over {limit}",
    "reason_amount_not_over": "the amount {amount} ({taxed}) is not over {limit}",
    "reason_amount_tax_decides": (
        "this rests on an unconfirmed assumption, whether tax counts towards the {limit} "
        "threshold: compared at {amount} ({taxed}) the answer is the opposite"
    ),
    "reason_period": "{months} months",
    "reason_period_one": "one month",
    "reason_taxed": "tax included",
    "reason_amount_over_goods": (
        "the contract amount {contract} with related goods of {goods}, {amount} ({taxed}), "
        "is over {limit}"
    ),
    "reason_amount_not_over_goods": (
        "the contract amount {contract} with related goods of {goods}, {amount} ({taxed}), "
        "is not over {limit}"
    ),
    "reason_untaxed": "tax excluded",
    # A settlement's parts (supecost.contracts.SettlementCode) and the other limits
    "settle_cooling_off": "cooling-off until {until}, so nothing may be kept",
    "settle_cooling_off_no_document": (
        "cooling-off (no contract document was received, so the period never began)"
    ),
    "settle_expired": (
        "the contract period ended on {until}, so unused sessions lapsed and the whole amount "
        "is kept"
    ),
    "settle_months_begun": "fees of {months} months begun, at {fee} a month",
    "settle_months_begun_one": "fees of 1 month begun, at {fee} a month",
    "settle_months_begun_first": "fees of {months} months begun, at {fee} a month ({first})",
    "settle_months_begun_first_one": "fees of 1 month begun, at {fee} a month ({first})",
    "settle_first_months": "the first {months} months at {fee}",
    "settle_first_months_one": "the first month at {fee}",
    "settle_enrollment_service": "enrollment fee, counted as a service given",
    "settle_no_sessions": "no sessions given (the contract fixes no sessions)",
    "settle_sessions_given": (
        "value of {sessions} sessions given at the contract's per-session price "
        "({sessions} at {price}{rounded})"
    ),
    "settle_sessions_given_one": (
        "value of 1 session given at the contract's per-session price (1 at {price}{rounded})"
    ),
    "settle_rounded": ", {mode}",
    "settle_sessions_given_less_enrollment": (
        "value of {sessions} sessions given at the contract amount less the enrollment fee "
        "over its sessions ({sessions} at {total} / {divisor} ({each}){rounded})"
    ),
    "settle_sessions_given_less_enrollment_one": (
        "value of 1 session given at the contract amount less the enrollment fee over its "
        "sessions (1 at {total} / {divisor} ({each}){rounded})"
    ),
    "settle_sessions_given_units": (
        "value of {sessions} {unit} given at the contract's price per {one} "
        "({sessions} at {price}{rounded})"
    ),
    "settle_expired_units": (
        "the contract period ended on {until}: the unused units lapsed and the whole amount is kept"
    ),
    "settle_price_fraction": "{total} / {sessions} ({about})",
    "settle_before_start": "before treatment starts, at most {cap} under the rules for {rules}",
    "settle_allowance": (
        "cancellation allowance: the lower of {cap} and {rate} of the outstanding "
        "{outstanding} ({share})"
    ),
    "settle_whole_amount": (
        "no statutory cap and no cancellation terms given: up to the whole contract amount "
        "(the clinic's own terms can lower it)"
    ),
    "settle_enrollment_fee": "enrollment fee",
    "settle_other_lines": "other lines of the contract",
    "settle_min_term": (
        "fees of the minimum term of {months} months, at {fee} a month "
        "(less than the early termination fee)"
    ),
    "settle_early_termination": (
        "early termination fee, within the minimum term of {months} months"
    ),
    "settle_early_termination_one": "early termination fee, within the minimum term of one month",
    "settle_clinic_before_start": "before treatment starts, under {terms}",
    "settle_clinic_fee": "cancellation fee under {terms} ({parts})",
    "settle_clinic_rate": "{rate} of the outstanding {outstanding}",
    "settle_clinic_cap": "at most {cap}",
    "settle_clinic_join": ", ",
    "settle_clinic_terms": "the clinic's own terms",
    "settle_line": "{part}: {amount}",
    "settle_note_statute": "the rules for {rules}: at most {amount}",
    "settle_note_catalog_terms": "the catalog's terms: at most {amount}",
    "settle_note_clinic_terms": "{terms}: at most {amount}",
    "rounding_floor": "rounded down",
    "rounding_ceil": "rounded up",
    "rounding_half_up": "rounded half up",
    "rounding_half_even": "rounded half to even",
    "instalment_payment": "Payment {number}",
    "instalment_total": "Total paid",
    "instalment_interest": "Interest and fees",
    "instalment_apr": "APR",
    "schedule_interest_limit_tier": (
        "the APR of {apr} is above the {limit} that the Interest Rate Restriction Act "
        "(利息制限法) sets for loans of {tier}; whether that cap binds shopping credit such as "
        "a medical loan directly is unconfirmed"
    ),
    "schedule_tier_between": "{low} to under {high}",
    "schedule_tier_from": "{low} or more",
    "schedule_tier_below": "under {high}",
    "schedule_last_interest_reduced": (
        "the last payment charges {reduced} less interest than the {interest} its balance owes: "
        "with each month's interest rounded down, no first payment makes the last exactly "
        "{level}, so this keeps every payment after the first at {level}"
    ),
    "schedule_last_below_level": (
        "with each month's interest rounded down, no first payment makes every later payment "
        "{level}: the last is {last}"
    ),
    "sim_title": "Cost simulator",
    "sim_switch": "日本語",
    "sim_treatment": "Treatment",
    "sim_sessions": "Sessions",
    "sim_months": "Over how many months (optional)",
    "sim_addons": "Added at every visit (optional)",
    "sim_patient": "Patient",
    "sim_new": "First visit",
    "sim_returning": "Returning",
    "sim_calculate": "Calculate",
    "sim_result": "The cheapest way",
    "sim_way": "Way of buying",
    "sim_total": "Total (tax incl.)",
    "sim_per_session": "Per session",
    "sim_saving": "Against paying per session",
    "sim_saves": "Saves {amount} against paying per session",
    "sim_no_saving": "Paying per session is the cheapest way",
    "sim_best_at": "{name} (the cheapest at {points} prices)",
    "sim_payments": "Payments, month by month",
    "sim_month": "Month",
    "sim_amount": "Amount",
    "sim_no_months": "Give the months to see it month by month",
    "sim_no_months_before_tax": (
        "Not split by month: prices are before tax, and tax is worked out once per rate on the "
        "whole bill"
    ),
    "sim_noscript": "The calculation needs JavaScript. The price list below has every price.",
    "sim_fees": "Fees added",
    "sim_fee_group": "Only if you ask for it (one of these)",
    "sim_fee_none": "None",
    "sim_birth_month": "Birth month (optional)",
    "sim_first_visit": "First session (optional; today if empty)",
    "sim_history": "Sessions had before",
    "sim_last_visit": "Last session (optional)",
    "sim_birth_month_none": "Not given",
    "sim_units": "Amount per visit",
    "sim_segment": "Prices",
    "sim_segment_none": "Regular prices",
    "sim_segment_discounts": "Discounts for {who}",
    "sim_fee_choice": "{name} — {price}; {when}",
    "sim_fee_scope": "{when}; {label}: {names}",
    "sim_error_sessions": "Give from 1 to {most} sessions.",
    "sim_error_months": "Give from 1 to {most} months, or leave it empty.",
    "sim_error_first_visit": "Give a first session from today on, or leave it empty.",
    "sim_error_history": "Give from 0 to {most} sessions had before.",
    "sim_error_last_visit": (
        "Give the last session with the sessions had before (at least 1), on or before the "
        "first session (today if empty)."
    ),
    "sim_error_request": (
        "This combination cannot be priced. Choose the added treatments or the sessions again."
    ),
    "sim_error_failed": "The calculation failed. Try again in a moment.",
    # Catalog lint (supecost.lint): each finding's key, then each rule's explanation
    "lint_notice": "notice: {message}",
    "lint_no_findings": "{path}: no findings",
    "validate_ok": "{path}: ok ({counts})",
    "validate_treatments": "{count:,} treatments",
    "validate_treatments_one": "1 treatment",
    "validate_offers": "{count:,} offers",
    "validate_offers_one": "1 offer",
    "validate_combos": "{count:,} combos",
    "validate_combos_one": "1 combo",
    "validate_fees": "{count:,} fees",
    "validate_fees_one": "1 fee",
    "validate_discounts": "{count:,} discounts",
    "validate_discounts_one": "1 discount",
    "validate_goods": "{count:,} goods",
    "lint_unit_default": "unit",
    "lint_bundle_dearer": (
        "{sessions} for {price} is at least {per_session} a session, above the single price "
        "{single}: lower the set's price, or check its sessions and the single price"
    ),
    "lint_bundle_dominated": (
        "the set of {sessions} for {price} never saves: for every count from 1 to {limit} "
        "singles and other sets cost no more: lower its price, or remove the set if it is not "
        "needed"
    ),
    "lint_plan_dearer": (
        "the minimum term of {months} costs at least {term}, more than its {sessions} as "
        "singles at most {singles}: check the monthly fee, the joining fee, the minimum term "
        "and the sessions a month"
    ),
    "lint_dose_unnamed": (
        "treatment {treatment} has no dose_unit and its doses {doses} no name: an amount "
        "alone says nothing of what is measured, so price lists and estimates show these "
        "doses by their ids; give the treatment a dose_unit (g, cc) or each dose a name"
    ),
    "lint_enrollment_campaign_not_lower": (
        "the enrollment campaign's price {price} is not below the enrollment fee {fee}: "
        "check both prices"
    ),
    "lint_first_month_not_lower": (
        "the first month's price {price} is not below the monthly fee {fee}: check both prices"
    ),
    "lint_plan_discount_every_month": (
        "a discount for new patients comes off every monthly fee of the plan {plan}; for the "
        "first month only (such as half price the first month) write the plan's first_month"
    ),
    "lint_unit_ticket_one_unit": (
        "the unit ticket {offer} is for a treatment sold one unit a visit, so it is a set of "
        "sessions: remove {setting}"
    ),
    "lint_unit_ticket_every_dose": (
        "the unit ticket {offer} names no dose, so a unit of any dose counts as one of its "
        "units: if it is for one dose, name the dose (such as {suggest})"
    ),
    "lint_unit_ticket_every_dose_amount": (
        "the unit ticket {offer} names no dose, so a unit of any dose counts as one of its "
        "units: if it counts the doses' amount ({example_amount} {example_unit} for "
        "{example_dose}), write "
        "{setting}; if it is for one dose, name the dose (such as {suggest})"
    ),
    "lint_unit_ticket_by_amount": (
        "the unit ticket {offer} is for {treatment}, sold one unit a visit, so a visit of any "
        "dose uses one of its units: if it counts the doses' amount ({example_amount} "
        "{example_unit} for {example_dose}), write {setting} (for a set of sessions, remove "
        "{field})"
    ),
    "lint_unit_ticket_outlasts": (
        "the unit ticket {offer}'s {units} {units_unit} cannot be used within {months} at one "
        "visit a week of at most {per_visit} {per_visit_unit}, which allows {weekly}, {usable} "
        "{usable_unit}"
    ),
    "lint_gift_in_name_only": (
        'set {offer} says "{word}" in its name or note but includes no goods, so a patient '
        "who also buys the goods is charged for them again; list what it includes in {field}"
    ),
    "lint_segment_unnamed": (
        'segment {segment} has no name, so documents print its id ("{segment} price", '
        '"{segment} patients only"); give the menu\'s words for it in {field} (and name_en '
        "for English documents)"
    ),
    "lint_loan_above_interest_tier": (
        "the loan {loan}'s APR of {apr} is above the {limit} that the Interest Rate Restriction "
        "Act (利息制限法) sets for loans of {tier}, such as {offer} at {amount}; whether that cap "
        "binds shopping credit such as a medical loan directly is unconfirmed: check the "
        "lender's terms"
    ),
    "lint_dose_units_uncounted": (
        "treatment {id} has doses and a visit may take several units of it, but no word "
        'counts them (such as vials): documents say "2 units"; give {field}'
    ),
    "lint_member_price_under_ladder": (
        "treatment {id}'s {segments} price is never charged: the ladder {ladder} prices its "
        "single sessions and none of its steps gives a {segments} price; give each step "
        "segment_prices"
    ),
    "lint_without_first_time_none": (
        "discount {id} is not with first-time prices (with_first_time = false), but the "
        "catalog has no first-time price: add the one the menu has, or remove with_first_time"
    ),
    "lint_without_offers_none": (
        "discount {id} is not with offers (with_offers = false), but the catalog has no set, "
        "unit ticket, monthly plan or package: add the one the menu has, or remove with_offers"
    ),
    "lint_dated_discount_on_unit_ticket": (
        "discount {id} has a window or is for the birth month only and comes off treatment "
        "{treatment}, which is also sold in the unit ticket {ticket}: with months and more "
        "than one unit a visit, a bill that buys the ticket prices the treatment's single "
        "sessions and further units without the discount, in its window's months too (which "
        "visits' units a ticket pays is not dated), and may quote above what the clinic "
        "charges; quote the months inside and after the window as two requests, or sell the "
        "campaign as a unit ticket with its own window (valid_from, valid_until)"
    ),
    "lint_not_with_its_only_targets": (
        "discount {id} comes off {offers} only, each of which it is not with (with_offers "
        "or with_first_time = false): it is never taken; name the treatment it comes off, or "
        "remove the setting"
    ),
    "lint_without_combos_no_combo": (
        "discount {id} is not with combos (with_combos = false), but the catalog has no "
        "combo: add the combo the menu has, or remove with_combos"
    ),
    "lint_first_n_without_per_patient": (
        "a set or package for the first {places} patients says nothing of how many one "
        "patient may buy (per_patient): quotes may sell one patient several of the places; "
        "write per_patient = 1 if it is one per patient"
    ),
    "lint_intro_whole_above": (
        "the first-time set {price} is above its {sessions} as singles at most {singles}: "
        "check the set's price and sessions"
    ),
    "lint_intro_whole_below_single": (
        "the first-time set of {sessions} sold whole for {price} is below one session's "
        "single price {single}: if {price} is per session, remove sold_whole (if meant, "
        "disable this rule in [lint] with the reason)"
    ),
    "lint_intro_above": (
        "the first-time price {price} is above the regular price {single}: check both prices "
        "(if a dearer first visit is meant, disable this rule in [lint] with the reason)"
    ),
    "lint_combo_dearer": (
        "the group price {price} is above its treatments' single prices added up, at most "
        "{parts}: lower the group price below {parts}, or give the combo's saving as discount"
    ),
    "lint_discount_over_session": (
        "{amount} off can exceed a session of {treatment}, which can cost {low}: lower the "
        "amount to at most {low}, or give a percent instead"
    ),
    "lint_discount_over_offer": (
        "{amount} off can exceed {offer}, which can cost {low}: lower the amount to at most "
        "{low}, or give a percent instead"
    ),
    "lint_discount_over_bill": (
        "{amount} off can exceed the smallest bill, which can cost {low} (for {bill} alone): "
        "give min_amount of at least {amount}, or name what it comes off with treatments or "
        "offers"
    ),
    "lint_discount_over_min_amount": (
        "{amount} off can exceed a bill of its min_amount {low}: raise min_amount to at "
        "least {amount}"
    ),
    "lint_combo_saving_over": (
        "the saving {saving} can exceed its treatments' single prices added up, which can be "
        "{parts}"
    ),
    "lint_typical_outside": "typical {typical} lies outside {bounds}",
    "lint_bundle_outlasts": (
        "{sessions} cannot be used within {months} at one a week, which allows {weekly}"
    ),
    "lint_range_too_wide": (
        "the range {price} spans more than ten times its minimum; check for a missing or extra zero"
    ),
    "lint_looks_tax_included": (
        "prices are tax-excluded, but {pairs}; check whether this price already includes tax"
    ),
    "lint_tax_pair": "{amount} = {base} + {rate}%",
    "lint_tax_join": ", ",
    "lint_dose_inverted": (
        "{dose} ({amount}) costs {price}, less than {smaller} ({smaller_amount}) at {smaller_price}"
    ),
    "lint_dose_step": (
        "from {low} to {high} the price rises {rise} a {unit}, more than {factor} times the "
        "median {median} a {unit} of the other steps"
    ),
    "lint_prepaid_no_expiry": "the set {offer} has no expiry (valid_months is absent), so {tail}",
    "lint_prepaid_long": "the set {offer} is valid for {months}, over {limit_months}, so {tail}",
    "lint_prepaid_no_expiry_units": (
        "the unit ticket {offer} has no expiry (valid_months is absent), so {tail}"
    ),
    "lint_prepaid_long_units": (
        "the unit ticket {offer} is valid for {months}, over {limit_months}, so {tail}"
    ),
    "lint_prepaid_no_expiry_package": (
        "the package {offer} has no expiry (valid_months is absent), so {tail}"
    ),
    "lint_prepaid_long_package": (
        "the package {offer} is valid for {months}, over {limit_months}, so {tail}"
    ),
    "lint_prepaid_intro_whole": (
        "the first-time price {offer} sells {sessions} paid for whole and has no expiry "
        "(valid_months is absent), so {tail}"
    ),
    "lint_prepaid_long_intro": (
        "the first-time price {offer} is valid for {months}, over {limit_months}, so {tail}"
    ),
    "lint_prepaid_tail": (
        "it may be a prepaid payment instrument (前払式支払手段) under 資金決済法: when the "
        "unused balance of such sets exceeds {balance} on 31 March or 30 September, the clinic "
        "files a notification and deposits at least half of it; check with an adviser, or limit "
        "the set to {limit_months}"
    ),
    "lint_segment_price_above": "the {segment} price {price} is above the regular price {regular}",
    "lint_segment_saving_below": (
        "the {segment} saving {saving} is below the regular saving {regular}, so members pay more"
    ),
    "lint_extra_unit_dearer": "a further unit at {extra} costs more than the first at {first}",
    "lint_combo_names_one_treatment": (
        "the combo {combo} names {first} and {second}, but a request holds one dose of "
        "{treatment}, so the combo never applies"
    ),
    "lint_combo_same_treatments": (
        "the combo {combo} groups the same treatments as {other} ({treatments}): a visit gets "
        "only the one saving more, yet the price list shows both, at different prices; remove "
        "one (if both are meant, disable this rule in [lint] with the reason)"
    ),
    "lint_offer_every_dose": (
        "{offer} is priced on {treatment} with no dose named, so it serves every dose at "
        "{per_session} a session, below the single price {price} of {dose} ({amount}); if it "
        'is priced for one dose, name it: treatment = "{suggest}" (if one price for every '
        "dose is meant, disable this rule in [lint] with the reason)"
    ),
    "lint_package_dearer": (
        "the package's price {price} is above its contents at single prices, at most {contents}"
    ),
    "lint_shared_above_single": (
        "shared set {offer} is at least {per_session} a session, above the single price "
        "{single} of {treatment}: using it on {treatment} costs more than paying singly; check "
        "the set's price or the treatment's"
    ),
    "lint_upgrade_above_single": (
        "upgrading from {held} with {left} sessions left to {offer} costs {per_session} a "
        "new session after the credit, above the single price {price}, so the upgrade is "
        "never worth it there; check the sets' prices and the rounding"
    ),
    "lint_unit_ticket_holds_none": (
        "unit ticket {offer}'s {units} {ticket_unit} are fewer than one visit of {dose} ({amount}) "
        "uses ({per}), so it serves none of that dose; check its units or the dose"
    ),
    "lint_unit_ticket_leftover": (
        "unit ticket {offer}'s {units} {ticket_unit} leave {left} unused in each ticket at {dose} "
        "({amount}, {per} a visit; visits paid: {held}); make its units a multiple of {per}, "
        "or check the dose"
    ),
    "lint_example_unit_default": "units",
    "lint_ticket_unit_default": "units",
    "lint_ladder_as_price_change": (
        "ladder {id} has one step from the first session and a sales window: a single price "
        "for a while; a ladder prices every session of a course on the request's date, even "
        "with months, so a course running past the window is quoted at the old price; for a "
        "price change (価格改定) write price_changes on {treatment} instead"
    ),
    "lint_top_up_above_single": (
        "{offer} with its top-up costs {per_session} a session at {dose} ({amount}), "
        "above that dose's single price {price}, so the set is never worth it at that dose; "
        "check the top-up and the set's price"
    ),
    "lint_ladder_within_first": (
        "the first step of ladder {id} holds within {days} days of the previous session, "
        "which means nothing: the first session has no previous one, and a session coming "
        "back later falls back to this step; move within_days to a later step or remove it"
    ),
    "lint_ladder_within_not_lower": (
        "the price {price} from session {place} within {days} days of the previous session "
        "is not below {earlier_price}, the price from session {earlier_place} a later session "
        "pays, so the condition changes no price; check the price or within_days"
    ),
    "lint_package_intro_above": "the first-time price {intro} is above the list price {price}",
    "lint_ladder_step_dearer": (
        "from session {place} the price {price} is above {earlier_price} from session "
        "{earlier_place}"
    ),
    "lint_ladder_first_not_single": (
        "the first step of ladder {id}, {price}, differs from the treatment's single price "
        "{single}: the price list shows the ladder's prices, but the combo {combo} still saves "
        "against {single}, which no session paid singly costs"
    ),
    "lint_intro_dominated": (
        "first-time price {id} for {treatment} is never quoted: {other}, for the same "
        "patients and on sale whenever it is, is never dearer for any course (a patient uses "
        "one first-time price, the one that makes the course cheapest); remove it, or check "
        "its price, sessions and sales window"
    ),
    "lint_fee_group_of_one": (
        "optional fee {id} is the only fee of group {group}; a group holds fees a patient "
        "chooses one of (travel fees by area): check the group's name, or remove group"
    ),
    "lint_advert_no_contact": (
        "the clinic gives no contact point: the medical advertising guidelines let a page "
        "show self-pay prices only with one; add contact to clinic (a phone number or desk)"
    ),
    "lint_advert_no_course": (
        "no usual course is given for {treatments}: the medical advertising guidelines let a "
        "page show self-pay prices only with the treatment usually needed and its standard "
        "cost, with the usual period and number of sessions; add typical_course with sessions "
        "and months"
    ),
    "lint_advert_no_period": (
        "the usual course of {treatments} gives sessions but no period: the medical "
        "advertising guidelines ask for the standard cost with the usual period and number of "
        "sessions; add months to typical_course"
    ),
    "lint_advert_no_risks": (
        "no risks are stated for {treatments}: the medical advertising guidelines let a page "
        "show self-pay prices only with the main risks and side effects; add risks (and "
        "risks_en for English pages)"
    ),
    "lint_advert_no_obtained": (
        "how the unapproved drugs or products of {treatments} are obtained is not stated: "
        "the medical advertising guidelines require a page to say so; add obtained (and "
        "obtained_en for English pages){upgrade}"
    ),
    "lint_advert_upgrade": ", in a catalog of schema_version = 2",
    "lint_advert_no_equivalent": (
        "whether an approved domestic equivalent exists for the unapproved drugs or products "
        "of {treatments} is not stated: the medical advertising guidelines require a page to "
        "say so; add domestic_equivalent (and domestic_equivalent_en){upgrade}"
    ),
    "lint_advert_no_foreign_safety": (
        "no safety information from abroad is given for the unapproved drugs or products of "
        "{treatments}: the medical advertising guidelines require a page to give it; add "
        "foreign_safety (and foreign_safety_en){upgrade}"
    ),
    "lint_advert_no_unapproved": (
        "whether the drugs or products of {treatments} are approved in Japan is not stated: "
        "the medical advertising guidelines require a page to say so of an unapproved one "
        "(such as culture supernatant); add unapproved = true or false (when true, the price "
        "list also says the relief system for drug side effects does not cover it)"
    ),
    "lint_name": "{name}",
    "lint_names_join": ", ",
    "lint_names_more": "{names} and {count} more",
    "lint_rule_sc001": (
        "A bundle costs more per session than single sessions of its treatment "
        "(certain: at every price the ranges allow)."
    ),
    "lint_rule_sc002": (
        "A bundle never saves anything: for every count up to twice the longest bundle, "
        "singles and other bundles cover it for no more (certain: at their highest against "
        "its lowest; skipped when SC001 fires, or with over 20 bundles for one treatment)."
    ),
    "lint_rule_sc003": (
        "A monthly plan's minimum term (enrolment and minimum months) costs more than "
        "the sessions it allows bought as singles (certain: at every price the ranges allow)."
    ),
    "lint_rule_sc004": (
        "A first-time price is above the treatment's regular single price "
        "(certain: at every price the ranges allow)."
    ),
    "lint_rule_sc005": (
        "A combo's group price is above its treatments' single prices added up "
        "(certain: at every price the ranges allow)."
    ),
    "lint_rule_sc006": (
        "An amount off (or a combo's saving) can exceed a price it comes off, pushing the "
        "line, or the bill, below zero (possible: against the lowest price it may apply to; "
        "an amount off the bill, against the smallest bill that can be quoted, where an option "
        "sold only with another treatment comes with it)."
    ),
    "lint_rule_sc007": (
        "A price's typical lies outside its min and max; the loader refuses the file, so "
        "lint reports it and checks the rest without it (files only)."
    ),
    "lint_rule_sc008": (
        "A bundle has more sessions than fit in its validity at one a week, the first on "
        "the day of purchase (months of 30.44 days); a unit ticket counts the most units a "
        "visit uses."
    ),
    "lint_rule_sc009": (
        "A price range's max is more than ten times its min, a likely typo "
        "(ranges from ¥0 and open-ended ranges are not checked)."
    ),
    "lint_rule_sc010": (
        "A tax-excluded catalog's price looks tax-included: taking out the tax of its "
        "category leaves a rounder amount, such as 33,000 from 30,000 (certain: every point)."
    ),
    "lint_rule_sc011": (
        "A larger dose of a treatment is priced below a smaller one "
        "(certain: the larger dose's highest price is below the smaller one's lowest)."
    ),
    "lint_rule_sc012": (
        "The price step from one dose to the next, per unit of amount, is more than three "
        "times the median of the treatment's other steps (at the typical price, else the "
        "lowest; three doses or more)."
    ),
    "lint_rule_sc013": (
        "A set is valid for more than 6 months, or has no expiry, so it may be a prepaid "
        "payment instrument under 資金決済法 (a notice for the clinic to check, not a verdict)."
    ),
    "lint_rule_sc014": (
        "A member (segment) price is above the regular price it replaces, or a member's "
        "combo saving below the regular one (certain: at every price the ranges allow)."
    ),
    "lint_rule_sc015": (
        "A further unit in the same visit (extra_unit_price) costs more than the first "
        "(certain: at every price the ranges allow)."
    ),
    "lint_rule_sc016": (
        "A combo names two doses of one treatment (or a treatment and one of its doses), "
        "which no request holds together, so it never applies (unknown ids in applies_to or "
        "only_with, and an option sold only with itself, are load errors)."
    ),
    "lint_rule_sc017": (
        "A package costs more than its contents bought at single prices (certain: at every "
        "price the ranges allow; a treatment a ladder prices is not checked)."
    ),
    "lint_rule_sc018": (
        "A package's first-time price is above its list price (certain: at every price the "
        "ranges allow)."
    ),
    "lint_rule_sc019": (
        "A ladder's later step is dearer than an earlier one, so loyal patients pay more "
        "(certain: at every price the ranges allow)."
    ),
    "lint_rule_sc020": (
        "A ladder with no sales window starts at a price other than the treatment's single "
        "price, and a combo with a group price saves against that single price, which no "
        "session paid singly costs (the price list shows the ladder as the single price)."
    ),
    "lint_rule_sc021": (
        "A first-time price is never quoted: another of the same treatment, for the same "
        "patients and on sale whenever it is, is never dearer and sells as many sessions or "
        "more."
    ),
    "lint_rule_sc022": (
        "A group of optional fees holds one fee only (a misspelt group name lets a patient "
        "choose fees meant to exclude each other)."
    ),
    "lint_rule_sc023": (
        "A page showing self-pay prices lacks what the medical advertising guidelines ask "
        "beside them: a contact point, each treatment's usual course (sessions and period), "
        "its main risks, and whether it is unapproved, with, for an unapproved one, how it is "
        "obtained, whether an approved domestic equivalent exists and its safety abroad (an "
        "option sold only with another "
        "treatment is not checked for a course; a notice about the page, not the prices)."
    ),
    "lint_extra_unit_no_segment_price": (
        "{treatment} has a {segment} price {price}, but its further unit at the same visit has "
        "none, so a {segment} patient is quoted the regular {extra} for each further unit: add "
        "the {segment} price to extra_unit_segment_prices, or disable this rule with a reason "
        "if that is meant"
    ),
    "lint_rule_sc024": (
        "A treatment or dose has a member (segment) price, but its further unit at the same "
        "visit (extra_unit_price) has none for that segment, so the segment pays the regular "
        "price for further units."
    ),
    "lint_ladder_extra_unit_unpriced": (
        "the sessions of {treatment} are priced by ladder {id}, by their place, but its "
        "further unit at the same visit has no extra_unit_price, so each costs {price} at every "
        "place: give extra_unit_price (the same {price} if that is meant)"
    ),
    "lint_rule_sc025": (
        "A treatment or dose a ladder prices sells further units at a visit without an "
        "extra_unit_price, so each costs its own single price at every place, not the ladder's "
        "(not checked where every step costs that price, or no further unit is sold)."
    ),
    "lint_revisit_every_visit": (
        "fee {id} is named as a return-visit fee but charged at every visit, so a new patient "
        'paying {first} at the first visit pays it there too: set charged = "return_visit" '
        "(every visit but a new patient's first), or disable this rule in [lint] with a "
        "reason if that is meant"
    ),
    "lint_revisit_every_visit_v1": (
        "fee {id} is named as a return-visit fee but charged at every visit, so a new patient "
        'paying {first} at the first visit pays it there too: set charged = "return_visit" '
        "(every visit but a new patient's first; with schema_version = 2), or disable this "
        "rule in [lint] with a reason if that is meant"
    ),
    "lint_rule_sc026": (
        'A fee named as a return-visit fee (its name holds 再診, "return visit" or '
        '"revisit") is charged at every visit beside a first-visit fee, so a new patient\'s '
        "first visit pays both."
    ),
    "lint_rule_sc027": (
        "Two combos group the same treatments (in any order): a visit gets only the one saving "
        "more, and the price list shows both."
    ),
    "lint_tax_standard": "the standard rate (10%)",
    "lint_tax_reduced": "the reduced rate (8%)",
    "lint_tax_exempt": "tax-exempt",
    "lint_tax_out_of_scope": "outside the tax",
    "lint_goods_kind_rate": (
        "goods {id} is of kind {kind}, sold at {expected}, but its tax category is {tax} "
        "(supplements and health foods are food, at the reduced rate; drugs, quasi-drugs and "
        "cosmetics are at the standard one): correct tax or kind"
    ),
    "lint_goods_reduced_no_kind": (
        "goods {id} is at the reduced rate (8%) but has no kind; only food (supplements, health "
        'foods) is at that rate: give kind = "food", or the standard rate if it is a drug, '
        "quasi-drug or cosmetic"
    ),
    "lint_rule_sc028": (
        "A goods item's kind and tax category disagree: food (supplements, health foods) is at "
        "the reduced rate; drugs, quasi-drugs and cosmetics at the standard one (goods of kind "
        "other, and goods without a kind, are not checked)."
    ),
    "lint_rule_sc029": (
        "A goods item at the reduced rate has no kind: the reduced rate is food's alone, and no "
        "kind is guessed from a name (a notice for the clinic to check, not a verdict)."
    ),
    "lint_rule_sc030": (
        "A set, plan or first-time price on a treatment with doses, with no dose named: it "
        "serves every dose at one price per session, below the single price of a dose dearer "
        "than the cheapest (unit tickets are SC045's and SC046's)."
    ),
    "lint_rule_sc050": (
        "A treatment with doses has no dose_unit and a dose has no name: documents show "
        "such a dose by its id, as an amount alone says nothing of what is measured."
    ),
    "lint_rule_sc032": (
        "A monthly plan's enrollment campaign price is not below its enrollment fee "
        "(certain: at every price the ranges allow)."
    ),
    "lint_rule_sc053": (
        "A discount not with first-time prices or not with offers (with_first_time, "
        "with_offers = false) in a catalog that sells none: one missing, or a setting left over."
    ),
    "lint_rule_sc055": (
        "A discount with a window or for the birth month only comes off a treatment also sold "
        "in unit tickets: with months and more than one unit a visit, every purchase of it in "
        "a bill buying a ticket takes the discount by the request's date, not by the month it "
        "is paid in."
    ),
    "lint_rule_sc056": (
        "A discount whose every target is an offer it is not with (with_offers or "
        "with_first_time = false): it is never taken."
    ),
    "lint_rule_sc062": (
        "A shared set costs more a session than the single price of a treatment it is used "
        "on: it is never used on that treatment."
    ),
    "lint_rule_sc057": (
        "A ladder step's within_days on the first step, or on a step not below the price a "
        "later session falls back to: the condition changes no price."
    ),
    "lint_rule_sc063": (
        "A set promises goods in its name or note (a gift) but includes none: a patient "
        "also buying the goods is charged for them twice."
    ),
    "lint_rule_sc067": (
        "A ladder of one step from the first session with a sales window: a price change is "
        "written as the treatment's price_changes."
    ),
    "lint_rule_sc064": (
        "A set whose top-up makes a session at a dose dearer than that dose's single price: "
        "the set is never worth it at that dose."
    ),
    "lint_rule_sc065": (
        "A set's upgrade (upgrade_from) costs more a new session, after the credit, than "
        "the treatment's single price: the upgrade is never worth it."
    ),
    "lint_rule_sc066": (
        "A unit ticket counting its doses' amount holds no visit of a dose it serves, or "
        "leaves a quarter or more of its units unused at it: its units or dose may be mistyped."
    ),
    "lint_rule_sc060": (
        "A segment has no name: documents print its id (member, vip and referred have words "
        "of their own)."
    ),
    "lint_rule_sc061": (
        "A loan's APR is above the 利息制限法 cap for the amount of the catalog's dearest set, "
        "ticket or package (whether the cap binds shopping credit is unconfirmed: a notice for "
        "the clinic to check, not a verdict)."
    ),
    "lint_rule_sc054": (
        "A treatment with doses that a visit may take several units of has no count_unit: "
        "documents count its units as units."
    ),
    "lint_rule_sc052": (
        "A treatment's member price that a ladder always on sale, with no such price on its "
        "steps, leaves never charged."
    ),
    "lint_rule_sc051": (
        "A discount not with combos (with_combos = false) in a catalog without combos: a "
        "combo missing, or a setting left over."
    ),
    "lint_rule_sc045": "A set counted in units (a unit ticket) is for a treatment sold one "
    "unit a visit.",
    "lint_rule_sc046": "A set counted in units (a unit ticket) names no dose of a treatment "
    "with doses.",
    "lint_rule_sc040": (
        "A set or package for the first N patients (first_n) without per_patient: quotes "
        "let one patient buy several of the places (say whether it is one per patient)."
    ),
    "lint_rule_sc041": (
        "A monthly plan's first-month price (first_month) at or above its monthly fee: no "
        "first-month saving (check whether the prices are swapped)."
    ),
    "lint_rule_sc042": (
        "A discount for new patients naming a monthly plan: it comes off every monthly fee "
        "(for the first month only, write the plan's first_month)."
    ),
    "lint_rule_sc031": (
        "A first-time set sold whole (sold_whole) costs less than one single session: its "
        "price may be written per session."
    ),
}


@dataclass(frozen=True, slots=True)
class Messages:
    """The message table of one locale; call it with a key and placeholders.

    Example:
        >>> messages_for("en")("months_count", count=6)
        '6 months'

    Args:
        locale: The canonical locale identifier.
        japanese: Whether the table is the Japanese one.
        table: The messages.
    """

    locale: str
    japanese: bool
    table: Mapping[str, str]

    def __call__(self, key: str, /, **values: object) -> str:
        if values.get("count") == 1 and f"{key}_one" in self.table:
            key = f"{key}_one"
        text = self.table[key]
        return text.format(**values) if values else text


def messages_for(locale: str) -> Messages:
    """The messages for a locale: Japanese for ``ja``, English for every other language.

    Example:
        >>> messages_for("ja").locale, messages_for("en-US").japanese
        ('ja_JP', False)

    Args:
        locale: A locale identifier such as ``"ja_JP"`` or ``"en_US"``.

    Returns:
        The messages, with the canonical locale.

    Raises:
        LocaleError: The locale is neither ``ja_JP`` nor ``en_US``.
    """
    canonical = normalize_locale(locale)
    japanese = canonical.split("_")[0] == "ja"
    return Messages(canonical, japanese, JA if japanese else EN)


# ---------------------------------------------------------------------------
# Errors: each error's Japanese by its code (supecost.report.errtext words them); an
# error's English is written where it is raised, and is what str(error) says.

ERROR_KINDS_JA: Final[Mapping[str, str]] = {
    "treatment": "施術",
    "offer": "プラン",
    "session set": "1つの施術の回数券",
    "fee": "料金",
    "discount": "割引",
    "combo": "セット割",
    "dose": "用量",
    "goods": "物販",
    "segment": "会員区分",
    "catalog": "カタログ",
    "treatment in history": "履歴の施術",
    "dose in history": "履歴の用量",
    "optional fee": "任意の料金",
    "limited offer or discount": "先着限定のプラン・割引",
    "offer limited per patient": "お一人様限りのプラン",
    "addressee": "宛名",
    "estimate number": "見積番号",
}
"""What an :class:`~supecost.errors.UnknownIdError` looked up, and which of an estimate's
fields (its addressee, its number) an ``estimate.*`` refusal is about, in Japanese."""

ERRORS_JA: Final[Mapping[str, tuple[str, str]]] = {
    # (what is wrong, how to fix it); {name} fields are the error's params.
    "argument.type": (
        "{name} の型が違います（{value}、型 {type}）",
        "正しい型の値を渡してください",
    ),
    "yen.type": (
        "{name} は円の整数で書いてください（{value}、型 {type}）",
        "33000 のように、引用符・小数点・通貨記号を付けずに整数で書いてください",
    ),
    "yen.range_order": (
        "下限 {low} 円が上限 {high} 円より高くなっています",
        "入れ替えるか、上限のない範囲なら max を外してください",
    ),
    "yen.range_typical": (
        "標準 {typical} 円が範囲の外です",
        "下限 {low} 円以上、上限 {high} 円以下にしてください",
    ),
    "yen.range_typical_open": (
        "標準 {typical} 円が範囲の外です",
        "下限 {low} 円以上にしてください",
    ),
    "yen.range_key": (
        "価格の範囲に項目 {key} はありません",
        "範囲の項目は min・typical・max だけです",
    ),
    "yen.range_min": ("価格の範囲に min がありません", "最低価格を min に書いてください"),
    "yen.bounds": (
        "{name} の {value} 円は扱える範囲（±{limit} 円）を超えています",
        "0 の付けすぎや桁の誤りがないか確かめてください",
    ),
    "locale.unknown": (
        "ロケール {locale} には対応していません",
        "'ja_JP'（日本語）か 'en_US'（英語）を指定してください",
    ),
    "catalog.problems": ("カタログに {count} 件の問題があります:", ""),
    "catalog.record": ("{record} のレコードに {count} 件の問題があります:", ""),
    "id.unknown": (
        "{kind_ja} {value} はありません",
        "{suggestion}{kind_ja}の id: {known}{more_ja}",
    ),
    "id.none": (
        "{kind_ja} {value} はありません",
        "このカタログには{kind_ja}がありません。追加するか、指定を外してください",
    ),
    # A request the catalog cannot price as asked.
    "request.dose_needed": (
        "施術 {treatment} は用量ごとに販売しています。用量を指定してください",
        "用量: {doses}",
    ),
    "request.two_doses": (
        "{treatment} の用量が 2 つ指定されています（{first} と {second}）",
        "1 つのリクエストでは 1 つの施術に 1 つの用量を指定してください",
    ),
    "request.units": (
        "{treatment} を 1 回の来院で {units} 単位は、上限の {limit} を超えています",
        "1 回の来院あたり {limit} 以下にしてください",
    ),
    "request.only_with": (
        "{treatment} は {bases} と一緒にだけ販売していますが、リクエストに含まれていません",
        "そのいずれかを追加の施術に加えるか、{treatment} を外してください",
    ),
    "request.only_with_count": (
        "{treatment} の {count} 回は、一緒に受ける施術の回数（{most}）を超えています",
        "{treatment} は {most} 回以下にしてください",
    ),
    "request.fee_twice": ("料金 {fee} が 2 回選ばれています", "各料金は 1 回だけ選んでください"),
    "request.fee_not_optional": (
        "料金 {fee} は任意ではなく、カタログの規則で請求されます",
        "選択した料金から外してください（任意の料金: {optional_or_none}）",
    ),
    "request.fee_visits": (
        "料金 {fee} は {visits} 回のご利用で選ばれていますが、ご利用ごとの料金ではありません",
        "id だけで選んでください（回数を指定できるのはご利用ごと・再診ごとの料金です）",
    ),
    "request.fee_group": (
        "料金 {first} と {second} はどちらもグループ {group} に属し、選べるのは 1 つだけです",
        "{members} のいずれか 1 つを選んでください",
    ),
    "request.segment": (
        "会員区分 {segment} はありません",
        "クリニックの会員区分から選んでください（会員区分: {known_or_none}）",
    ),
    "request.not_limited": (
        (
            "{id} は sold_out にありますが、カタログでは先着限定（first_n）ではないため、"
            "なくなる枠がありません"
        ),
        "sold_out から外してください（先着限定のプラン・割引: {known_or_none}）",
    ),
    "request.not_limited_per_patient": (
        (
            "{id} は {arg} にありますが、カタログではお一人様が買える数を限っておらず"
            "（per_patient がありません）、初月の価格もありません（first_month がありません）"
        ),
        (
            "{arg} から外してください（お一人様限りのプラン・初月の価格がある月額プラン: "
            "{known_or_none}）"
        ),
    ),
    "request.holding_treatment": (
        (
            "{id} は holding にありますが、{treatment} の回数券で、"
            "リクエストの施術（{refs}）のものではありません"
        ),
        "holding から外すか、{treatment} を主な施術か追加の施術に指定してください",
    ),
    "request.holding_twice": (
        "holding に {first} と {second} があり、どちらも {treatment} の回数券です",
        "お持ちの回数券は施術ごとに 1 つまでです。先に使う回数券を指定し、もう一方は外してください",
    ),
    "request.holding_left": (
        "holding では {id} の残りが {left} 回ですが、この回数券は {sessions} 回です",
        "残りの回数を 1 から {sessions} で指定してください",
    ),
    "request.treatment_twice": (
        "施術 {treatment} がリクエストに 2 回指定されています",
        "主な施術と追加の施術は、それぞれ 1 回だけ指定してください",
    ),
    "request.goods_monthly_months": (
        "定期便の物販（goods_monthly）はコースの月ごとに支払いますが、リクエストに月数がありません",
        "お届けの回数だけ months を指定するか、物販を goods で一度に買ってください",
    ),
    "request.goods_not_monthly": (
        "{id} は goods_monthly にありますが、カタログでは一度に買う物販で、定期便がありません",
        "goods で買うか、定期便のある物販を指定してください（定期便のある物販: {known_or_none}）",
    ),
    "request.goods_min_months": (
        "{id} の定期便は {least} か月以上の継続が条件ですが、コースは {months} か月です",
        "months を {least} 以上にするか、goods で一度に買ってください",
    ),
    "request.new_with_history": (
        (
            "この院で受けた施術の履歴（{listed}）は再来の患者のものですが、リクエストは初めての"
            "患者のものです"
        ),
        (
            "再来の患者なら new_patient を false（コマンドラインでは --returning）にし、"
            "初めての患者なら履歴を外してください"
        ),
    ),
    "request.last_visit_without_history": (
        (
            "{ref} の前回施術日は、これまでに受けた施術の日付ですが、履歴（history）に {ref} が"
            "ありません"
        ),
        (
            "前回施術日とともに {ref} の履歴（受けた回数、コマンドラインでは --history）を指定して"
            "再来の患者（new_patient を false、コマンドラインでは --returning）にするか、"
            "前回施術日を外してください"
        ),
    ),
    "request.last_visit_after": (
        "{ref} の前回施術日（{day}）がコースの初回（{on}）より後です",
        (
            "すでに受けた施術の日付を、コースの初回施術日（first_visit、コマンドラインでは "
            "--first-visit。なければリクエストの日付 on、コマンドラインでは --date）以前で"
            "指定するか、初回施術日を後にしてください"
        ),
    ),
    "request.first_visit_before": (
        "初回施術日（{first}）が見積もりの日付（{on}）より前です",
        (
            "コースの初回施術日（first_visit、コマンドラインでは --first-visit）を見積もりの"
            "日付（on、コマンドラインでは --date）以後で指定するか、その日に始まるコースなら"
            "指定しないでください"
        ),
    ),
    "request.work": (
        "このリクエストの計算には約 {work} ステップかかり、上限の {limit} を超えています",
        "回数の幅を狭めるか、追加の施術を減らしてください",
    ),
    "request.splits": (
        (
            "このリクエストでは {sessions} 回の来院の分け方が最大 {splits} 通りあり、"
            "上限の {limit} 通りを超えています"
        ),
        "回数を減らすか、単回販売のみのセット割を共有する施術を減らしてください",
    ),
    # A contract or an instalment schedule; {arg} is the argument as the surface names it.
    "contract.cancel_before": (
        "解約日 {on} が契約日 {received} より前です",
        "契約日以降の解約日を指定してください",
    ),
    "contract.used": (
        "{arg} は 0〜{sessions}（契約の回数）の整数にしてください（指定値 {got}）",
        "消化した回数を確かめてください",
    ),
    "contract.used_units": (
        "{arg} は 0〜{sessions}{unit_ja}（契約の数量）の整数にしてください（指定値 {got}）",
        "利用した数量を確かめてください",
    ),
    "contract.history_asked": (
        (
            "プラン {offer} は {treatment} を初めて受ける方の価格で、"
            "受けたことの有無で価格が決まります"
        ),
        (
            "当院でこの施術を受けた回数を {arg} で指定するか（受けたことがなければ 0）、"
            "新規の方なら {arg_new} を指定してください"
        ),
    ),
    "contract.history_has": (
        (
            "プラン {offer} は {treatment} を初めて受ける方の価格ですが、"
            "履歴ではすでに {had} 回受けています"
        ),
        "患者と合意した価格を {arg} で指定してください",
    ),
    "contract.started": (
        "{used} 回消化済みのため施術は開始されています（{arg} とは合いません）",
        "{arg} を外すか、{arg_yes} を指定してください",
    ),
    "rate.number": (
        "割合 {got} は数ではありません",
        "'0.1' のような小数か、'10%' のような百分率で書いてください",
    ),
    "rate.negative": ("割合 {got} が負です", "0 以上の割合にしてください"),
    "rate.digits": (
        "割合 {got} の桁数か指数が {digits} を超えています",
        "'0.1' や '10%' のように短く書いてください",
    ),
    "contract.share": (
        "割合は 100% 以下にしてください（指定値 {got}%）",
        "10% なら '10%' か '0.1' と書いてください（10 のような整数は 1,000% と読みます）",
    ),
    "contract.share_one": (
        "{name} の 1 はあいまいです（割合としては全額、コマンドラインでは 1%）",
        "1% なら '1%' か '0.01'、全額なら '100%' か '1.0' と書いてください",
    ),
    "contract.left": (
        (
            "プラン {offer} はお一人様 {limit} までで、これまでに {bought} 購入済みのため"
            "残りは {left} です（指定 {quantity}）"
        ),
        "{arg} を {left} 以下にしてください",
    ),
    "contract.none_left": (
        (
            "プラン {offer} はお一人様 {limit} までで、これまでに {bought} 購入済みのため、"
            "これ以上は買えません"
        ),
        "ほかのプランを選んでください",
    ),
    "contract.paid": (
        "支払額 {paid} 円が 0〜契約金額 {total} 円の範囲外です",
        "この契約に実際に支払われた額を指定してください",
    ),
    "contract.percent": (
        "{arg} の {got} は数字で書いた百分率ではありません",
        "7.5% なら '7.5' のように書いてください（小数は 4 桁まで、指数表記なし、末尾の % は可）",
    ),
    "contract.percent_share": (
        "{arg} の {got}% は金額の全体（100%）を超えています",
        "割合は 0〜100 の百分率で書いてください（'10' は 10%）",
    ),
    "contract.amount": ("金額は 1 円以上にしてください（指定値 {got}）", ""),
    "contract.count": ("分割回数は 1〜600 の整数にしてください（指定値 {got}）", ""),
    "contract.percent_float": (
        "{arg} の {got} は小数点付きの数値で、正確な値ではありません",
        "{example}% なら '{example}' のように文字列で書いてください",
    ),
    "contract.round_unit": (
        "丸め単位は 1・10・100 円のどれかです（指定値 {got}）",
        "{arg} を 1、10、100 のどれかにしてください",
    ),
    "contract.total_bounds": (
        "利息を含めた総額が {total} 円になり、扱える上限（{limit} 円）を超えます",
        "金額・分割回数・金利のどれかを下げてください",
    ),
    "contract.spread": (
        "{amount} 円は {count} 回に、1 回 {unit} 円以上ずつには分けられません",
        "回数を減らすか、丸め単位を小さくしてください",
    ),
    "contract.addon_rate": (
        "アドオン率 {rate}% は 100% を超えています",
        "率を確かめてください。実質年率が上限の {ceiling}% をはるかに超えます",
    ),
    "contract.apr": (
        "実質年率 {apr} は出資法の上限 {ceiling}% を超えています",
        "0〜{ceiling}% の実質年率を指定してください",
    ),
    "contract.ladder": (
        "プラン {offer} は回数別の 1 回ごとの料金で、前払いで買うものではありません",
        "回数券・月額プラン・コース・初回価格の id を指定してください",
    ),
    "contract.quantity": (
        "数量 {quantity} は回数券とコースにだけ指定できます（プラン {offer}）",
        "月額プランを長くするなら月数を指定し、数量は 1 のままにしてください",
    ),
    "contract.months": (
        "月数は月額プランにだけ指定できます（プラン {offer}）",
        "月数を外してください",
    ),
    "contract.min_months": (
        "月数 {got} はプラン {offer} の最低契約期間 {least} か月を下回っています",
        "{least} か月以上を指定してください",
    ),
    "contract.intro_new_only": (
        "プラン {offer} は当院が初めての方だけの初回価格です",
        "患者と合意した価格を指定するか、初めての方なら新患として指定してください",
    ),
    "contract.range": (
        "プラン {offer} の金額が {low}〜{high} 円の範囲で、1 つに決まっていません",
        (
            "契約には合意した金額が必要です。合意した価格を指定するか、カタログに 1 つの金額を"
            "書いてください"
        ),
    ),
    "contract.range_open": (
        "プラン {offer} の金額が {low} 円〜の範囲で、1 つに決まっていません",
        (
            "契約には合意した金額が必要です。合意した価格を指定するか、カタログに 1 つの金額を"
            "書いてください"
        ),
    ),
    "contract.goods_units": (
        "物販 {goods} の数量は 1〜{limit} の整数にしてください（指定値 {got}）",
        "買った数を書いてください（例: 2）",
    ),
    "contract.goods_range": (
        "物販 {goods} の価格が範囲で、1 つに決まっていません",
        "契約には金額が必要です。カタログに 1 つの価格を書いてください",
    ),
    "contract.includes_tax_alone": (
        "価格が税込かどうかを指定していますが、価格が指定されていません",
        "価格も指定するか、その日のカタログの価格にするならこの指定を外してください",
    ),
    "contract.threshold_twice": (
        "threshold_includes_tax がトップレベルと assumptions の両方にあります",
        "assumptions.threshold_includes_tax の 1 か所だけに書いてください",
    ),
    "contract.sold_out": (
        "プラン {offer} は先着の枠がなくなり、販売を終えています",
        "患者と合意した価格を指定するか、売り切れの指定から外してください",
    ),
    "contract.not_on_sale": (
        "プラン {offer} は {on} には販売していません（販売期間 {valid_from}〜{valid_until}）",
        "契約した日を指定するか、患者と合意した価格を指定してください",
    ),
    "contract.ask_new": (
        "患者が初めてかどうかで価格が変わります",
        "契約日に初めての患者かどうかを指定してください（--new-patient か --returning）",
    ),
    # A date before Japan's consumption tax (1989-04-01).
    "tax.before": (
        "{on} には消費税がなく、税率がありません（消費税は 1989-04-01 から）",
        (
            "1989-04-01 以降の日付を指定してください（非課税・不課税の金額なら exempt か "
            "out_of_scope の区分にしてください）"
        ),
    ),
    # A report written to a file (`report -o FILE`).
    "output.unwritable": (
        "{target} に書き込めません",
        "フォルダがあり、書き込めるか確かめてください",
    ),
    "output.unreadable_path": ("{target} に書き込めません", "パスを確かめてください"),
    "output.irregular": (
        "{target} には書き込みません（通常のファイルでも新しいパスでもありません）",
        "通常のファイルか、まだないファイルのパスを指定してください",
    ),
    # An estimate's addressee or number (report.model._field); {kind_ja} names which.
    "estimate.empty": (
        "{kind_ja}が空です",
        "{kind_ja}は 1 行・{limit} 文字以内で書くか、指定を外してください",
    ),
    "estimate.too_long": (
        "{kind_ja}が {length} 文字あり、{limit} 文字を超えています",
        "{kind_ja}は 1 行・{limit} 文字以内で書いてください",
    ),
    "estimate.control": (
        "{kind_ja}の {position} 文字目に制御文字（{char}、改行やタブなど）があります",
        "{kind_ja}は 1 行・{limit} 文字以内で書いてください",
    ),
    # argparse's own refusals, recognised by their wording (see cli._Parser).
    "option.choice": ("{option} の {got} は選べません", "{choices} から選んでください"),
    "option.required": ("{options} の指定がありません", "{options} を指定してください"),
    "option.value_missing": ("{option} に値がありません", "{option} の後に値を書いてください"),
    "option.one_of": ("{options} の指定がありません", "どれか 1 つを指定してください"),
    "option.exclusive": (
        "{option} と {other} は一緒に指定できません",
        "どちらか一方だけを指定してください",
    ),
    "option.ambiguous": (
        "{option} がどのオプションか決まりません（候補: {matches}）",
        "オプション名を省略せずに書いてください",
    ),
    "option.no_value": (
        "{option} は値を取りません（指定値 {got}）",
        "= から後を外し、{option} だけを書いてください",
    ),
    "option.repeated": (
        "{option} が 2 回指定されています（{first} と {second}）",
        "{option} は 1 回だけ指定してください",
    ),
    # The command line's own options (`supecost quote --sessions x`); {option} is the flag.
    "option.whole": (
        "{option} は {low}〜{high} の整数にしてください（指定値 {got}）",
        "カンマを付けずに数字で書いてください",
    ),
    # The message says the range already: it is the whole fix, as in English.
    "option.range": ("{option} は {low}〜{high} の整数にしてください（指定値 {got}）", ""),
    "option.cancel_on_today": (
        "--cancel-on がないため解約日が今日（{today}）となり、契約日 {received} より前です",
        "--cancel-on で {received} 以降の解約日を指定してください",
    ),
    "option.date": ("{option} の {got} は日付ではありません", "YYYY-MM-DD の形で書いてください"),
    "option.with_units": (
        "{option} の {got} は ID=N の形ではありません",
        (
            "施術（または用量）と 1 回の来院あたりの単位数を placenta=3 のように書いてください"
            "（N は 1〜100）"
        ),
    ),
    "option.dose_needed": (
        "施術 {treatment} は用量ごとに販売しています",
        "{typed} のように用量を指定してください（用量: {doses}）",
    ),
    "option.n_range": (
        "{option} の {got} の N（{n}）は 1〜{high} の範囲外です",
        "N は 1〜{high} の整数で書いてください",
    ),
    "option.with": (
        "{option} の {got} は ID または ID=N の形ではありません",
        (
            "施術（または用量）を、自分の回数を付けるなら stimsure-2=4 のように書いてください"
            "（N は 1〜{high}）"
        ),
    ),
    "option.history": (
        "{option} の {got} は ID=N の形ではありません",
        "これまでに受けた施術とその回数を hair=5 のように書いてください",
    ),
    "option.last_visit": (
        "{option} の {got} は [ID=]YYYY-MM-DD の形ではありません",
        "前回施術日を sup=2026-11-20 のように（主な施術なら 2026-11-20 だけで）書いてください",
    ),
    "option.goods": (
        "{option} の {got} は ID=N の形ではありません",
        "物販の id と個数を nmn-caps=2 のように書いてください",
    ),
    "option.bought": (
        "{option} の {got} は ID=N の形ではありません",
        "これまでに買った「お一人様限り」のコースの id と数を sup-camp=1 のように書いてください",
    ),
    "option.holding": (
        "{option} の {got} は ID=N の形ではありません",
        "お持ちの回数券の id と残りの回数を sup-3=2 のように書いてください",
    ),
    "option.sessions": (
        "--sessions の {got} は回数ではありません",
        "--sessions は 1〜1000 の整数か、3-6 のような 100 回以内の幅で書いてください",
    ),
    "option.sessions_negative": (
        "--sessions は負にできません（指定値 {got}）",
        "--sessions は 1〜1000 の整数か、3-6 のような 100 回以内の幅で書いてください",
    ),
    "option.sessions_missing": (
        "回数の指定がありません",
        "--sessions N{batch_ja} を指定してください",
    ),
    "option.twice": ("{option} {value} が 2 回指定されています", "1 回だけ指定してください"),
    "option.batch_only": (
        "--jobs と --fail-fast は --batch FILE.jsonl と一緒に使います",
        "--batch を指定するか、これらを外してください",
    ),
    "option.batch_format": (
        "--batch の出力は JSON Lines（--format json、既定）か 1 つの CSV 表（--format csv）です",
        "--format {format} を使うなら --batch の代わりに --sessions を指定してください",
    ),
    "option.batch_ignored": (
        "{options} は --batch と一緒に使えません（リクエストは各行から読みます）",
        '各行の JSON に {{"sessions": 5, "on": "2026-04-01"}} のように書いてください',
    ),
    "option.pdf_tty": (
        "PDF はバイナリです",
        "-o FILE.pdf を指定するか、出力をファイルにリダイレクトしてください",
    ),
    "option.pdf_binary": ("PDF はバイナリです", "-o FILE.pdf を指定してください"),
    "option.unknown": (
        "認識できない引数があります: {given}",
        "このコマンドのオプションは --help で確かめてください",
    ),
    "option.bare_sessions": (
        "認識できない引数があります: {given}",
        "回数は --sessions {number} のように指定してください",
    ),
    "option.extra": ("認識できない引数があります: {given}", "--help で使い方を確かめてください"),
    "option.compare_sessions": (
        (
            "比較表は --sessions を使いません。1 回から --max-sessions 回（既定 12）までの"
            "すべての回数を比べます"
        ),
        "--sessions の代わりに --max-sessions {most} を指定してください",
    ),
    "option.before_command": (
        "{option} は{what_ja}の後に書きます",
        "{place} のように、{what_ja}を先に書いてください",
    ),
    "batch.unreadable": (
        "{name} を読めません",
        "1 行に 1 つの JSON リクエストを書いたファイルのパスか、標準入力の - を指定してください",
    ),
    "batch.directory": (
        "{name} はフォルダです",
        "1 行に 1 つの JSON リクエストを書いたファイルのパスか、標準入力の - を指定してください",
    ),
    "batch.irregular": (
        "{name} を読めません（通常のファイルでもパイプでもありません）",
        "1 行に 1 つの JSON リクエストを書いたファイルのパスか、標準入力の - を指定してください",
    ),
    # A line of `supecost quote --batch FILE.jsonl`; the line's number comes before it.
    "line.too_long": (
        "行が {limit} バイトを超えています（1 つのリクエストの上限）",
        "ファイルが 1 行に 1 つの JSON リクエストになっているか確かめてください",
    ),
    "line.encoding": (
        "行が UTF-8 ではありません（{byte} バイト目）",
        "ファイルを UTF-8 で保存し直してください",
    ),
    "line.twice": ("{path}: 同じキーが 2 回あります", "キーは 1 回だけ書いてください"),
    "line.json": (
        "JSON として読めません（{column} 文字目）",
        "1 行に 1 つの JSON オブジェクトを書いてください",
    ),
    "line.too_deep": ("入れ子が深すぎます", "リクエストは 1 つの平らな JSON オブジェクトです"),
    "line.syntax": ("JSON として読めません", "1 行に 1 つの JSON オブジェクトを書いてください"),
    "line.object": (
        "リクエストは JSON オブジェクトにしてください",
        '{{"sessions": 5}} のように書いてください',
    ),
    "serve.catalog": (
        "カタログの指定がありません",
        "--catalog PATH か --catalog-dir DIR を指定してください",
    ),
    "serve.none": (
        "配信するカタログがありません",
        (
            "--catalog PATH か、.toml または .json のカタログを置いた --catalog-dir DIR を"
            "指定してください"
        ),
    ),
    "serve.folder": (
        "カタログのフォルダ {folder} を読めません",
        "あるフォルダで、読み取り権限があるか確かめてください",
    ),
    "serve.same_id": (
        "複数のカタログの id が同じ {id} です（{files}）",
        "どちらかのファイル名を変えてください。カタログの id は拡張子を除いたファイル名です",
    ),
    "serve.missing": (
        "supecost serve には FastAPI と uvicorn が必要です",
        "{install} でインストールしてください",
    ),
    "serve.file_id": (
        (
            "カタログファイル {file} は配信できません。ファイル名 {stem} はカタログの id に"
            "なりません（英小文字・数字・'-' の 1〜64 文字で、'-' で始まったり終わったりしない"
            "名前）"
        ),
        "{renamed} のようにファイル名を変えてください",
    ),
    "serve.port_in_use": (
        "ポート {port}（--host {host}）は使用中です（別のプログラムが使っています）",
        "そのプログラムを止めるか、別の --port を指定してください",
    ),
    "serve.port_denied": (
        "ポート {port} で待ち受ける権限がありません",
        "1024 以上の --port を指定してください",
    ),
    "serve.listen": (
        "--host {host} のポート {port} で待ち受けできません",
        "--host にこのコンピューターのアドレス（127.0.0.1 や 0.0.0.0 など）を指定してください",
    ),
    "serve.token_unreadable": (
        "トークンファイル {file} を読めません",
        "1 行目にトークンを書いた、読み取れる UTF-8 のファイルを指定してください",
    ),
    "serve.token_not_file": (
        "トークンファイル {file} は通常のファイルでもパイプでもありません",
        "1 行目にトークンを書いた、読み取れる UTF-8 のファイルを指定してください",
    ),
    "serve.token_long": (
        "トークンファイル {file} が {limit} バイトを超えています",
        "1 行目にトークンを書いた、読み取れる UTF-8 のファイルを指定してください",
    ),
    "serve.token_utf8": (
        "トークンファイル {file} が UTF-8 ではありません",
        "1 行目にトークンを書いた、読み取れる UTF-8 のファイルを指定してください",
    ),
    "serve.token_short": (
        "{file} のトークンが {length} 文字しかありません",
        (
            "16 文字以上のトークンを書いてください（例: `python3 -c 'import secrets; "
            "print(secrets.token_urlsafe(32))'` で作れます）"
        ),
    ),
    # The HTTP service's refusals of HTTP itself, and a served catalog that stops loading.
    "browser.missing": (
        "PDF の出力には Chromium が必要ですが、インストールされていません",
        (
            "{install} でインストールするか（Debian・Ubuntu、root で実行）、--format html で"
            "出力してブラウザから印刷してください"
        ),
    ),
    "browser.timeout": (
        "{command} が {seconds} 秒以内に終わりませんでした",
        "もう一度試すか、--format html で出力してください",
    ),
    "browser.run": (
        "{command} を実行できません（{reason_ja}）",
        "Chromium のインストールを確かめてください",
    ),
    "browser.failed": (
        "{command} が状態 {status} で終了しました（{reason}）",
        "手で実行して原因を確かめるか、--format html で出力してください",
    ),
    "browser.no_output": (
        "ブラウザが {kind} ファイルを書き出しませんでした",
        "ブラウザが {kind} ファイルを書き出せるか確かめてください",
    ),
    "http.token_missing": (
        "このエンドポイントにはベアラートークンが必要ですが、リクエストにありません",
        "サーバーに設定されたトークンを `Authorization: Bearer <token>` で送ってください",
    ),
    "http.token_scheme": (
        "Authorization ヘッダーがベアラートークンではありません",
        "`Authorization: Bearer <token>` の形（Bearer、空白、トークン）で送ってください",
    ),
    "http.token_wrong": (
        "送られたベアラートークンは、このサーバーに設定されたものと違います",
        "サーバーの管理者から受け取ったトークンを、`Bearer ` の後にそのまま送ってください",
    ),
    "http.not_found": (
        "{path} には何もありません",
        "パスを OpenAPI ドキュメント（/openapi.json）で確かめてください",
    ),
    "http.no_page": (
        "{path} にシミュレーターのページはありません",
        (
            "ページのアドレスを確かめてください。アドレスはクリニックがカタログの id とともに"
            "案内しています"
        ),
    ),
    "http.no_simulator": (
        "カタログの id {id} のシミュレーターはありません",
        (
            "ページのアドレスを確かめてください。アドレスはクリニックがカタログの id とともに"
            "案内しています"
        ),
    ),
    "http.method": (
        "{path} には {method} を使えません",
        (
            "{allowed} で送ってください。各パスの使い方は OpenAPI ドキュメント（/openapi.json）"
            "にあります"
        ),
    ),
    "http.too_large": (
        "リクエストの本文が {limit} バイトを超えています",
        "本文を小さくしてください。1 件のリクエストは数百バイトの JSON オブジェクトです",
    ),
    "http.batch_too_large": (
        "リクエストの本文が {limit} バイトを超えています",
        "1 回のバッチは {batch} 件までにするか、バッチを分けて送ってください",
    ),
    "http.no_media_type": (
        "本文が Content-Type なしで送られました。このエンドポイントは JSON だけを読みます",
        (
            "本文は JSON にして Content-Type: application/json で送ってください（curl なら "
            "-H 'Content-Type: application/json' か --json）"
        ),
    ),
    "http.media_type": (
        "本文が {sent} として送られました。このエンドポイントは JSON だけを読みます",
        (
            "本文は JSON にして Content-Type: application/json で送ってください（curl なら "
            "-H 'Content-Type: application/json' か --json）"
        ),
    ),
    "catalog.unserved": (
        "カタログ {id} は配信されていません。ファイル {file} を読み込めません",
        (
            "問題の箇所は行とともにサーバーのログにあります。ファイルを直すと（supecost "
            "catalog validate で確かめられます）数秒で配信されます"
        ),
    ),
    "catalog.unserved_clash": (
        "カタログ {id} は配信されていません。同じ id のファイルが 2 つあります",
        (
            "どちらかのファイルを削除するか名前を変えてください（カタログの id は拡張子を"
            "除いたファイル名です）。残った方が数秒で配信されます"
        ),
    ),
}
"""Each error's Japanese wording by its code: what is wrong, and how to fix it."""

ERROR_LABELS: Final[Mapping[bool, str]] = {True: "エラー", False: "error"}
"""The word between a command line's prefix and its error, by whether the locale is Japanese."""

ERROR_CLAUSES_JA: Final[Mapping[str, str]] = {
    # A request's field (or a contract's argument) that does not validate; {where} names it
    # as the surface does (a JSON path, or the command line's flag).
    "clause.json": "JSON として読めません",
    "clause.object": "{where} は 1 つの JSON オブジェクトにしてください（指定値 {got}）",
    "clause.min": "{where} は {bound} 以上にしてください（指定値 {got}）",
    "clause.max": "{where} は {bound} 以下にしてください（指定値 {got}）",
    "clause.too_long": "{where} の件数が上限の {limit} 件を超えています",
    "clause.whole": "{where} は整数にしてください（指定値 {got}）",
    "clause.whole_huge": "{where} は整数にしてください（読めないほど大きな数です）",
    "clause.id": "{where} は id ではありません（指定値 {got}）",
    "clause.choice": "{where} は {choices} のいずれかにしてください（指定値 {got}）",
    "clause.string_type": "{where} は文字列にしてください（指定値 {got}）",
    "clause.bool_type": "{where} は true か false にしてください（指定値 {got}）",
    "clause.bool_parsing": "{where} は true か false にしてください（指定値 {got}）",
    "clause.list_type": "{where} はリストにしてください（指定値 {got}）",
    "clause.tuple_type": "{where} はリストにしてください（指定値 {got}）",
    "clause.dict_type": "{where} はオブジェクト（マッピング）にしてください（指定値 {got}）",
    "clause.unknown": "項目 {where} はありません",
    "clause.missing": "{where} がありません",
    # catalog._day's rule, reached through a request's date (QuoteRequest.on).
    "value.date": "{where} は 2026-04-01 のような日付にしてください（指定値 {got}）",
    "clause.range_order": (
        "{where}: 幅の下限 {low} が上限 {high} を上回っています。入れ替えてください"
    ),
    "clause.range_wide": (
        "{where}: 幅 {low}〜{high} は {counts} 通りあり、上限の {limit} 通りを超えています。"
        "幅を狭めてください"
    ),
}
"""Each field's problem in Japanese, by its code (``quotes.problem_words``)."""

FIELD_HINTS_JA: Final[Mapping[str, str]] = {
    # How to write each request field; {name} is the surface's name for it.
    "sessions": (
        "{name} は 1〜{max_sessions} の整数か、{range_example} のような {max_range} 回以内の幅です"
    ),
    "min": "{name} は 1〜{max_sessions} の整数です",
    "max": "{name} は 1〜{max_sessions} の整数です",
    "months": "{name} は 1〜{max_months} の整数です（日程のないコースなら指定しません）",
    "units": "{name} は 1 回の来院あたり 1〜{max_units} の整数です",
    "with": "{name} には主な施術に加える施術の id を {max_with} 件まで指定します",
    "with_": "{name} には主な施術に加える施術の id を {max_with} 件まで指定します",
    "history": "{name} は施術の id ごとに、これまでに受けた回数（0〜{max_history}）です",
    "goods": "{name} は物販の id ごとに、買う個数（1〜{max_goods}）です",
    "treatment": "id はカタログのもので、'sup-iv' のような英小文字・数字・'-' の 1〜64 文字です",
    "segment": "id はカタログのもので、'sup-iv' のような英小文字・数字・'-' の 1〜64 文字です",
    "fees": (
        "{name} にはカタログの任意の料金の id（'travel-23ku' など）を指定します。"
        "ご利用ごとの料金を一部のご利用だけにするときは、その回数も指定します"
    ),
    "sold_out": "{name} には先着限定（first_n）で枠がなくなったプラン・割引の id を指定します",
    "birth_month": (
        "{name} は誕生月で、1（1 月）〜12（12 月）の整数です（わからなければ指定しません）"
    ),
    "on": "{name} は YYYY-MM-DD の日付です",
    "last_visit": (
        "{name} は履歴（受けた回数）のある施術の id ごとに、前回施術日（YYYY-MM-DD、"
        "コースの初回施術日以前）です"
    ),
    "first_visit": (
        "{name} はコースの初回施術日（YYYY-MM-DD、リクエストの日付以後）で、"
        "その日に始まるコースなら指定しません"
    ),
    "new_patient": "{name} は true か false です",
}
"""How to write each request field, in Japanese, by its Python name."""

CATALOG_PROBLEMS_JA: Final[Mapping[str, str]] = {
    # The file as a whole.
    "file.directory": (
        "フォルダです。カタログファイル（.toml または .json）のパスを指定してください"
    ),
    "file.irregular": (
        "通常のファイルではありません（デバイスや FIFO など）。"
        "カタログファイル（.toml または .json）のパスを指定してください"
    ),
    "file.missing": "ファイルがありません。パスを確かめてください",
    "file.suffix": (
        "ファイル名の拡張子が .toml でも .json でもありません（{suffix}）。"
        "形式がわかるよう .toml か .json の名前にしてください"
    ),
    "file.unreadable": "ファイルを読めません。パスと読み取り権限を確かめてください",
    "file.too_large": (
        "ファイルが {size} バイトあり、上限の {limit} バイト（1 MiB）を超えています。"
        "料金表にしては大きすぎるので、正しいファイルか確かめてください"
    ),
    "file.format": "形式 {format} は読めません。'toml' か 'json' を指定してください",
    "file.encoding": (
        "ファイルが UTF-8 ではありません（{byte} バイト目）。UTF-8 で保存し直してください"
    ),
    "file.items": (
        "行とカンマが {items} 個あり、カタログの上限 {limit} を超えています。"
        "正しいファイルか確かめてください"
    ),
    "file.json": (
        "JSON の書き方に誤りがあります（{column} 文字目）。その前後の括弧・カンマ・引用符を"
        "確かめてください"
    ),
    "file.toml": (
        "TOML の書き方に誤りがあります（{column} 文字目）。その前後の引用符・括弧・'=' を"
        "確かめてください"
    ),
    "file.toml_end": (
        "TOML の書き方に誤りがあります（ファイルの終わり）。閉じていない引用符や括弧がないか"
        "確かめてください"
    ),
    "file.too_deep": (
        "入れ子が {levels} 段を超えています。カタログは 4 段で足りるので、余分な括弧がないか"
        "確かめてください"
    ),
    "file.syntax": "{format} として読めません。書き方を確かめてください",
    "file.long_key": (
        "{limit} 文字を超えるキーがあります。項目名は短いので、'=' や引用符が抜けていないか"
        "確かめてください"
    ),
    # A version-1 file that uses schema 2 (the field, table, value or dose reference).
    "schema.two_toml": (
        "スキーマ 2 の書き方です。使うならファイルの先頭を schema_version = 2 にしてください"
    ),
    "schema.two_json": (
        'スキーマ 2 の書き方です。使うならファイルの外側のオブジェクトで "schema_version": 2 に'
        "してください"
    ),
    "value.too_wide": (
        "項目が {given} 個あり、1 つのテーブルの上限 {limit} 個を超えています。"
        "ほかのテーブルのキーが紛れていないか確かめてください"
    ),
    # A field or a value.
    "field.missing": "必須です。追加してください",
    "field.missing_schema": (
        "必須です。TOML ならファイルの先頭に schema_version = {version}、"
        'JSON なら最初に "schema_version": {version} を書いてください'
    ),
    "field.unknown": "項目 {field} はありません。削除してください（使える項目: {known}）",
    "field.unknown_close": "項目 {field} はありません。{close} のことですか？",
    "field.key": "項目名は文字列にしてください（{got}）",
    "field.twice": "同じオブジェクトにこのキーが 2 回あります。どちらか 1 つを残してください",
    "kind.unknown": (
        "kind {given} はありません。{suggestion}"
        "bundle, subscription, intro, package, shared, ladder のいずれかにしてください"
    ),
    "kind.missing": (
        'プランには kind が必要です。kind = "bundle"、"subscription"、"intro"、"package"、'
        '"shared"、"ladder" のいずれかを追加してください'
    ),
    "value.registration": (
        "T と 13 桁の数字にしてください（例: T1234567890123、指定値 {got}）。"
        "請求書の登録番号を写してください"
    ),
    "value.id": (
        "英小文字・数字・'-' の 1〜64 文字で、'-' で始まったり終わったりしない id に"
        "してください（例: 'sup-iv-5'、指定値 {got}）"
    ),
    "value.schema": (
        "このリリースが読める schema_version は 1 か 2 です（指定値 {got}）。"
        "2 と書くか、この版を読めるリリースを使ってください"
    ),
    "value.choice": "{choices} のいずれかにしてください（指定値 {got}）{suggestion}",
    "value.above": "{bound} より大きくしてください（指定値 {got}）",
    "value.min": "{bound} 以上にしてください（指定値 {got}）",
    "value.max": "{bound} 以下にしてください（指定値 {got}）",
    "value.too_few": "{wanted} 件以上必要です。追加してください",
    "value.too_many": (
        "{given} 件あり、カタログの上限 {limit} 件を超えています。減らすか、カタログを"
        "分けてください"
    ),
    "value.yen": (
        "33000 のような円の整数にしてください。引用符・小数点・通貨記号は付けません（指定値 {got}）"
    ),
    "value.top_ups_units": (
        "セット {offer} は本数を数えるので差額（top_ups）を持てません。差額は 1 回ごとです。"
        'top_ups を削除するか、回数で数えてください（counts = "sessions"）'
    ),
    "value.negative_price": "価格は負にできません（下限 {got}）。0 以上にしてください",
    "value.price_changes_order": (
        "{position} 番目の価格改定（{on}）が前の改定（{before}）より後ではありません。"
        "価格改定は日付の順に、1 日に 1 件ずつ書いてください"
    ),
    "value.positive_yen": (
        "0 円より大きくしてください（指定値 {got}）。1000 のように値引きする円を書いてください"
    ),
    "value.negative": "負にできません（指定値 {got}）。0 以上にしてください",
    "value.percent": (
        '10 のような数、または "12.5" のように引用符で囲んだ小数（4 桁まで）にしてください'
        "（指定値 {got}）"
    ),
    "value.percent_range": "0 より大きく 100 以下にしてください（指定値 {got}）",
    "value.date": "2026-04-01 のような日付にしてください。時刻は付けません（指定値 {got}）",
    "type.string_type": "引用符で囲んだ文字列にしてください（指定値 {got}）",
    "type.treatment_list": (
        "施術 ID を 1 つ、引用符で囲んで書いてください（指定値 {got}）。"
        "この種類のプランは 1 つの施術を売るものです。"
        '複数の施術のどれにも使える共通回数券は kind = "shared" とし、'
        'treatments = ["a", "b"] と書いてください'
    ),
    "type.int_type": "5 のような整数にしてください。引用符や小数点は付けません（指定値 {got}）",
    "type.bool_type": "引用符なしの true か false にしてください（指定値 {got}）",
    "type.tuple_type": '["a", "b"] のように角括弧のリストにしてください（指定値 {got}）',
    "type.list_type": '["a", "b"] のように角括弧のリストにしてください（指定値 {got}）',
    "type.dict_type": "テーブル（名前付きの項目を持つオブジェクト）にしてください（指定値 {got}）",
    "type.model_type": (
        "テーブル（名前付きの項目を持つオブジェクト）にしてください（指定値 {got}）"
    ),
    "type.model_attributes_type": (
        "テーブル（名前付きの項目を持つオブジェクト）にしてください（指定値 {got}）"
    ),
    "type.string_too_short": (
        "空にはできません。文字を書くか、項目を削除してください（指定値 {got}）"
    ),
    "type.string_too_long": "2,000 文字を超えています。短くしてください（指定値 {got}）",
    "type.float_type": "1.5 のような数にしてください。引用符は付けません（指定値 {got}）",
    "type.finite_number": "nan や inf ではない数にしてください（指定値 {got}）",
    # A record's own rules (catalog._fail): the field at fault is the problem's path.
    "record.instalment_rate": (
        "実質年率（apr・元利均等）とアドオン率（addon_rate）のどちらか一方だけを書いてください"
    ),
    "record.segment_twice": "会員区分 {segment} を 2 回書いています。1 回だけにしてください",
    "record.extra_unit_segments": (
        "追加 1 本ごとの会員価格は extra_unit_price を置き換えるものです。extra_unit_price も"
        "書くか、segment_prices に移してください（extra_unit_price がなければ、追加分は"
        "会員価格も含め 1 回の料金と同じです）"
    ),
    "record.price_and_doses": (
        "price（1 回の料金）と doses（用量ごとの料金）の両方があります。どちらか一方を"
        "削除してください"
    ),
    "record.price_or_doses": (
        "price（1 回の料金、例: 33000）か doses（用量ごとの料金）を書いてください"
    ),
    "record.dose_segment_prices": (
        "用量のある施術の会員価格は用量ごとに書きます。各用量の segment_prices に移してください"
    ),
    "record.dose_price_changes": (
        "用量のある施術の価格改定は用量ごとに書きます。各用量の price_changes に移してください"
    ),
    "record.english_alone": "{field} の英語表記です。{field} も書いてください",
    "record.plural_alone": "{field} の複数形です。{field}（英語の単数形）も書いてください",
    "intro.valid_months_not_whole": (
        "まとめて売る初回限定セットの有効期間です。sold_whole = true を書くか、"
        "valid_months を削除してください"
    ),
    "record.count_unit_undosed": (
        "用量のある施術の本数の数え方です。用量のない施術では dose_unit が本数を数えます。"
        "dose_unit に書いてください"
    ),
    "record.dose_twice": (
        "用量の id {dose} が 2 回使われています。用量ごとに別の id を付けてください"
    ),
    "record.only_with_itself": (
        "この施術自身を指定しています。一緒に受ける元の施術を指定してください"
    ),
    "record.first_months": (
        "初月価格の {months} か月がプランの最低契約月数 min_months {min_months} を超えています。"
        "first_month.months を減らすか、min_months を増やしてください"
    ),
    "record.window_order": (
        "valid_until（{valid_until}）が valid_from（{valid_from}）より前です。入れ替えてください"
    ),
    "record.campaign_window": (
        "キャンペーンには期間が必要です。valid_from か valid_until（または両方）を書いてください。"
        "期間のない価格は、プランの enrollment_fee そのものに書いてください"
    ),
    "record.contents_twice": (
        "施術 {treatment} を 2 回書いています。1 回にまとめて、回数を合計してください"
    ),
    "record.ladder_first": (
        "最初の段が {first} 回目から始まっています。1 回目（初回の料金）から始めてください"
    ),
    "record.ladder_order": (
        "{step} 回目からの段が、前の段（{previous} 回目から）の後になっていません。"
        "回数の小さい順に並べてください"
    ),
    "record.ladder_segment_prices": (
        "回数別料金の会員価格は段ごとに書きます。各段の segment_prices に移してください"
    ),
    "record.discount_and_price": (
        "discount（単価の合計からの値引き）と price（まとめた価格）の両方があります。"
        "どちらか一方を削除してください"
    ),
    "record.discount_or_price": (
        "discount（単価の合計から値引きする円）か price（まとめた価格）を書いてください"
    ),
    "record.treatment_twice": "施術 {treatment} を 2 回書いています。1 回だけにしてください",
    "record.includes_units": (
        "セット {offer} は本数で数える回数券のため、物販を含められません。"
        "回数で数えるセットに書くか、includes を削除してください"
    ),
    "record.group_not_optional": (
        "group は選べる料金をまとめるものですが、料金 {fee} は条件どおり必ずかかります。"
        "optional = true にするか、group を削除してください"
    ),
    "record.trigger_optional": (
        '料金 {fee} は受診の曜日・時間帯やキャンセルでかかる料金です（trigger = "{trigger}"）。'
        "何回の受診でかかるかはリクエストで指定するため、optional = true にして、"
        "group からは外してください（group は患者さまが選ぶ料金をまとめるものです）"
    ),
    "record.cancellation_every_visit": (
        '料金 {fee} はキャンセル1回ごとにかかる料金です（trigger = "cancellation"）。'
        'リクエストはキャンセルの回数で指定するため、charged = "every_visit" にしてください'
        '（現在は "{charged}"）'
    ),
    "record.joining_charged": (
        "料金 {fee} は会員区分 {segment} に入るときの料金です。"
        'charged = "once"（入会金）か charged = "yearly"（年会費、毎年かかります）にしてください'
    ),
    "record.joining_also": (
        "料金 {fee} は会員区分 {segment} に入るときの料金ですが、{field} も指定しています。"
        "入会はどのコースでも検討され、会員は払わない料金なので両立しません。"
        "{field} は別の料金に書くか、joins を削除してください"
    ),
    "record.amount_and_percent": (
        "amount（値引きする円）と percent（値引きする割合）の両方があります。"
        "どちらか一方を削除してください"
    ),
    "record.amount_or_percent": (
        "amount（値引きする円、例: 1000）か percent（値引きする割合、例: 10）を書いてください"
    ),
    # The problems past the first 50, counted.
    "catalog.more": (
        "ほかに {more} 件の問題があります（表示していません）。ここまでを直して、"
        "もう一度読み込んでください"
    ),
    "catalog.more_record": (
        "ほかに {more} 件の問題があります（表示していません）。ここまでを直して、"
        "レコードを作り直してください"
    ),
    # The [lint] table's rules switched off.
    "value.lint_rule": "lint のルール {got} はありません。{suggestion}ルール: {known}",
    "value.lint_reason": (
        "ルール {rule} を無効にするには理由が必要です。当てはまらない理由を書いてください"
    ),
    # The catalog's references and the rules between its records.
    "ref.dose_beside": (
        "用量 {dose} をその施術 {treatment}（どの用量でもよい）と並べて指定しています。"
        "1 回の来院で受ける用量は 1 つなので、一緒に受ける施術を指定してください"
    ),
    "ref.amount_without_doses": (
        'counts = "amount" は用量の量（1A・2A・3A の A）を数えますが、{treatment} には用量が'
        'ありません。1 単位を 1 本と数えるなら counts = "units" と書いてください'
    ),
    "ref.amount_not_whole": (
        'counts = "amount" は用量の量を数えますが、用量 {dose} の量 {amount} は整数ではありません。'
        'counts = "units" にするか、量が整数の用量を指定してください'
    ),
    "ref.top_ups_target": (
        "セット {offer} に差額（top_ups）がありますが、{treatment} は用量を指定しない"
        "用量のある施術ではありません。施術だけを指定するか、top_ups を削除してください"
    ),
    "ref.top_up_dose": (
        "セット {offer} の差額の用量 {dose} はこの施術の用量ではありません。"
        "{known} のいずれかにしてください"
    ),
    "ref.package_dose_beside": (
        "用量 {dose} をその施術 {treatment}（どの用量でもよい）と並べて指定しています。"
        "用量だけを 1 回ずつ指定するか、{treatment} だけにしてください"
    ),
    "ref.upgrade_units": (
        "セット {offer} は本数を数える回数券です。乗り換えの差引は残りの回数を数えるので、"
        "upgrade_from は回数のセットに書くか、削除してください"
    ),
    "ref.upgrade_set": (
        "セット {held} は {offer}（{treatment}、{sessions} 回）と同じ施術・用量の、"
        "回数の少ないセットではありません。同じ施術・用量で回数の少ないセットを指定してください"
    ),
    "ref.upgrade_range": (
        "セット {held} の価格が 1 つではないため、残り回数分の差引額が決まりません。"
        "価格を 1 つにするか、ここから削除してください"
    ),
    "ref.upgrade_rounding": (
        "セット {held} は {sessions} 回で {price} 円で、1 回あたりが円単位で割り切れません。"
        '差し引く 1 回あたりの単価の端数処理を、メニューのとおり upgrade_rounding = "floor"・'
        '"ceil"・"half_up" のいずれかで書いてください'
    ),
    "ref.combo_tax": (
        "セット割の施術の税区分が異なります（{categories}）。税率が 1 つになるよう、"
        "同じ税区分の施術だけを組み合わせてください"
    ),
    "ref.package_tax": (
        "コースの施術の税区分が異なります（{categories}）。コースは 1 つの税率の 1 行なので、"
        "同じ税区分の施術だけを入れてください"
    ),
    "ref.shared_tax": (
        "共通回数券の施術の税区分が異なります（{categories}）。"
        "共通回数券は 1 つの税率の 1 行なので、同じ税区分の施術だけを入れてください"
    ),
    "ref.combo_discount": (
        "値引き {off} 円が、施術の単価の合計（{total} 円）を超えています。"
        "値引きを下げるか、代わりにセット価格を指定してください"
    ),
    "ref.joined_twice": (
        "会員区分 {segment} の入会料は {other} にもあります。入会料は 1 つにまとめてください"
    ),
    "ref.group_twice": "グループ {group} の名前は {at} で付けています。1 回だけ付けてください",
    "ref.group_unused": (
        "グループ {group} に属する料金がありません（料金のグループ: {used_or_none}）。"
        "料金に付けたグループ名を使うか、料金に group を付けてください"
    ),
    "ref.ladders_overlap": (
        "回数別料金 {ladder} と {other} が同じ日に同じ施術の料金を決めています。"
        "販売期間（valid_from・valid_until）が重ならないようにするか、一方を削除してください"
    ),
    "id.duplicate": (
        "id {id} が重複しています（{at} で使用済み）。施術・プラン・セット割・料金・割引・"
        "物販にはそれぞれ別の id を付けてください"
    ),
    "segment.unknown": (
        "会員区分 {segment} は宣言されていません。[clinic] の segments で宣言してください"
        "（宣言済み: {known_or_none}）"
    ),
}
"""Each catalog problem's Japanese wording (what is wrong and how to fix it) by its code."""

ERROR_PHRASES_JA: Final[Mapping[str, str]] = {
    # The pieces an error's Japanese is put together from.
    "suggestion": "{close} のことですか？ ",
    "more": " ほか {more} 件",
    "none": "なし",
    "batch": "（または --batch FILE.jsonl）",
    "sentence": "{first}。{second}",
    "list": "、",
    # Options of which one is to be given (--apr か --addon-rate), as serve.catalog names its two.
    "or": " か ",
    # The hint to a field a record does not have: the fields it has, as the English names them.
    "known_fields": "{record} の項目は {known_fields} です",
    # Where an option written too early goes after (cli._misplaced): the command, a report's
    # kind (KIND) or a catalog action (ACTION), as the English names the place.
    "place.command": "コマンド",
    "place.kind": "文書の種類",
    "place.action": "操作",
    # A choice's values, listed as the command line lists its own (argparse: 'md', 'csv').
    "choices": ", ",
    # Why a program could not be run, where OS_ERRORS_JA does not word its error.
    "os_error": "システムのエラー {errno}",
}


RECORDS_JA: Final[Mapping[str, str]] = {"QuoteRequest": "リクエスト"}
"""A record people write, by the word its errors call it whole (as ``quotes._WHOLE_LABEL``
does in English); another record (a ``Quote`` read back from bad JSON, a contract's) keeps
its class's name, as its English does: it is no request."""


OS_ERRORS_JA: Final[Mapping[str, str]] = {
    # Why a program (the browser) could not be run, by the OS error's name (errno), as the
    # system's own reason is English.
    "ENOENT": "ファイルがありません",
    "EACCES": "実行する権限がありません",
    "EPERM": "実行する権限がありません",
    "ENOEXEC": "実行できる形式のファイルではありません",
    "EISDIR": "フォルダです",
    "ENOTDIR": "パスの途中がフォルダではありません",
    "ENOMEM": "メモリが足りません",
}
"""How an error's Japanese parts are joined and the few words they share."""

SERVICE_JA: Final[Mapping[str, str]] = {
    # The HTTP service's own answers to a Japanese request (?locale=ja_JP, the default).
    "fix.validation": (
        "`errors` の各項目を直してください。項目の型は OpenAPI ドキュメントにあります"
    ),
    "fix.body": (
        "本文は 1 つの JSON オブジェクトにして、Content-Type: application/json で送ってください"
    ),
    "fix.batch": (
        "バッチを分けてください。1 回の POST で送るリクエストは {limit} 件までです（順に送り、"
        "結果をつなげてください）"
    ),
    "fix.twice": "各 JSON オブジェクトでキーは 1 回だけ書き、意図した値を残してください",
    "twice": "同じキーが 2 回あります",
    "query.unknown": "クエリパラメーター {name} はありません",
    "query.unknown_fix": (
        "{names} を外してください。このエンドポイントのクエリパラメーター: {takes}"
    ),
    "query.twice": "クエリパラメーター {name} が {count} 回指定されています",
    "query.twice_fix": "各クエリパラメーターは 1 回だけ指定し、意図した値を残してください",
}
"""The HTTP service's own messages in Japanese (its errors' are the tables above)."""
