<#-- The new-password page of COMPROMISED_PASSWORD_RESET. Uses only the realm login theme's layout and its CSS
     classes, so it looks at home under keycloak, keycloak.v2 or a custom theme, which may override it. -->
<#import "template.ftl" as layout>
<#import "compromised-common.ftl" as cc>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('password-new','password-confirm'); section>
    <#if section = "header">
        ${msg("ccResetTitle")}
    <#elseif section = "form">
        <@cc.explanation>
            <p id="cc-what-next">${msg("ccResetWhatNext")}</p>
        </@cc.explanation>
        <form id="cc-reset-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate="novalidate">
            <input type="text" id="username" name="username" value="${username}" autocomplete="username" readonly="readonly" style="display:none;"/>

            <div class="${properties.kcFormGroupClass!}">
                <label for="password-new" class="${properties.kcLabelClass!}">${msg("passwordNew")}</label>
                <input type="password" id="password-new" name="password-new" class="${properties.kcInputClass!}"
                       autofocus="autofocus" autocomplete="new-password"
                       aria-invalid="<#if messagesPerField.existsError('password-new')>true<#else>false</#if>"/>
                <@cc.fieldError name="password-new"/>
            </div>

            <div class="${properties.kcFormGroupClass!}">
                <label for="password-confirm" class="${properties.kcLabelClass!}">${msg("passwordConfirm")}</label>
                <input type="password" id="password-confirm" name="password-confirm" class="${properties.kcInputClass!}"
                       autocomplete="new-password"
                       aria-invalid="<#if messagesPerField.existsError('password-confirm')>true<#else>false</#if>"/>
                <@cc.fieldError name="password-confirm"/>
            </div>

            <div class="${properties.kcFormGroupClass!}">
                <input id="cc-submit" type="submit" value="${msg("ccResetSubmit")}"
                       class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!} ${properties.kcButtonLargeClass!}"/>
            </div>
        </form>
        <@cc.support/>
    </#if>
</@layout.registrationLayout>
